import { expect, it } from "vitest";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";
import { validateResult } from "../../workloads/loadgen/resultSchema";
import { startEtcd } from "../servers/realServers";
import { etcdCounter } from "./etcdState";

/**
 * A target that dies mid-point: the run must end within 30 s of the death
 * with what it measured, marked `partial` with "target lost", not wait out
 * the 5-minute phase timeout for answers and events that cannot come.
 */
it("etcd stopped mid-run: the point ends within 30 s as partial: target lost, keeping what was measured", async () => {
  const etcd = await startEtcd();
  const run = runLoadgen({ target: { kind: "etcd", endpoint: `127.0.0.1:${etcd.port}` }, profile: "watch-churn", ops: 100_000, rate: 200, concurrency: 8, watchers: 2, warmup: 0, scrapeServerMetrics: false });
  // Stop etcd once the load is flowing (etcd's own put counter past 300), however slow the machine is.
  while ((await etcdCounter(etcd.endpoint, "etcd_mvcc_put_total")) < 300) await new Promise((r) => setTimeout(r, 200));
  await etcd.stop();
  const stoppedAt = Date.now();
  const r = await run;
  const tookS = (Date.now() - stoppedAt) / 1000;
  expect(tookS).toBeLessThan(30);
  expect(r.partial).toBe(true);
  expect(r.partialReason).toMatch(/^target lost: 127\.0\.0\.1:\d+: (cannot reach etcd|no answer)/);
  // What ran before the death is kept: a few seconds at 200 writes/s.
  expect(r.writes.successes).toBeGreaterThan(200);
  expect(r.watch!.events).toBeGreaterThan(0);
  expect(validateResult(JSON.parse(JSON.stringify(r))).valid).toBe(true);
}, 120_000);
