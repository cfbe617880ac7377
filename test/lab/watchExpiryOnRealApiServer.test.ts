/**
 * 410 Gone from the real kube-apiserver after a real compaction, and the
 * load generator's relist. These API servers run apart from the other oracle
 * tests, set up the way a watch meets compacted history: no watch cache for
 * ConfigMaps (a watch then reads storage history, as every watch does once
 * it has fallen out of the cache's window) and the API server's own compactor
 * every 2 s instead of every 5 min. The compaction is the API server's: it
 * sends etcd's Compact RPC, to etcd itself or to kine, which deletes the rows.
 * kine never compacts its newest 1,000 revisions by default, whoever asks
 * (`--compact-min-retain`, kine v0.17.5 pkg/logstructured/sqllog/sql.go:276),
 * so a watcher fewer than 1,000 writes behind never sees 410 on kine; these
 * kines retain none, so that a short test reaches compacted history.
 */
import { describe, expect, it } from "vitest";
import type { LabHcp } from "../../scripts/lab/labState";
import { useLab } from "./labFixture";
import { createDriver, resolveTarget } from "../../workloads/loadgen/drivers/driverFactory";
import type { StoreDriver, WatchHandler } from "../../workloads/loadgen/drivers/storeDriver";
import { nowMicros } from "../../workloads/loadgen/measure/clock";
import { newDeleteSendTimes, WatcherGroup } from "../../workloads/loadgen/watch/watcherGroup";

const backends = ["etcd", "kine-sqlite", "kine-postgres", "kine-mysql"];
const compactionIntervalS = 2;

async function driverFor(h: LabHcp): Promise<StoreDriver> {
  const spec = await resolveTarget({ kind: "kubernetes", kubeconfig: h.kubeconfig });
  const d = createDriver(spec, { namespace: "oracle-expiry", connections: 4, requestTimeoutMs: 15_000, payloadBytes: 64, objectCapacity: 64 });
  await d.check();
  await d.prepareNamespace();
  return d;
}

const noEvents: WatchHandler = { event: () => undefined, bookmark: () => undefined };

/** How a watch from `rev` ends within a few seconds: 410 before the stream, 410 in it, or still open. */
async function watchOutcome(d: StoreDriver, rev: string): Promise<{ expired: string } | "open" | { error: string }> {
  const start = await d.watch(rev, noEvents);
  if ("expired" in start) return { expired: start.expired };
  if ("error" in start) return { error: start.error.message };
  const end = await Promise.race([start.session.ended, new Promise<"open">((r) => setTimeout(() => r("open"), 3000))]);
  start.session.close();
  if (end === "open") return "open";
  return end.reason === "expired" ? { expired: end.message } : { error: `${end.reason}${"message" in end ? `: ${end.message}` : ""}` };
}

describe("410 Gone after the real API server compacts its storage, then a relist", () => {
  const lab = useLab("expiry", {
    backends,
    hcps: 1,
    ports: 16,
    extraFlags: { apiServer: ["--watch-cache-sizes=configmaps#0", `--etcd-compaction-interval=${compactionIntervalS}s`], kine: ["--compact-min-retain=0"] },
  });

  for (const backend of backends) {
    it(`${backend}: a watch from a compacted resourceVersion gets 410, and every watcher relists and then sees every later write`, async () => {
      const h = lab().hcps.find((x) => x.backend === backend)!;
      const d = await driverFor(h);
      try {
        for (let i = 0; i < 10; i++) expect(await d.create(i, nowMicros())).toBeUndefined();
        const old = await d.currentRevision();
        if (typeof old !== "string") throw new Error(old.message);
        // Before any compaction has passed it, the revision is still served.
        expect(await watchOutcome(d, old)).toBe("open");

        // History moves on; the API server's compactor, two ticks later, compacts past `old`.
        let outcome: Awaited<ReturnType<typeof watchOutcome>> = "open";
        const deadline = Date.now() + 60_000;
        for (let round = 0; outcome === "open" && Date.now() < deadline; round++) {
          for (let i = 0; i < 10; i++) expect(await d.update(i, (round % 2) + 1 as 1 | 2, nowMicros())).toBeUndefined();
          await new Promise((r) => setTimeout(r, 1000));
          outcome = await watchOutcome(d, old);
        }
        expect(outcome).toMatchObject({ expired: expect.stringMatching(/too old|compacted/i) });
        if (h.storage.kind === "etcd") {
          // etcd's own answer for a read at that revision: the history is gone.
          const res = await fetch(`${h.storage.endpoint}/v3/kv/range`, { method: "POST", body: JSON.stringify({ key: Buffer.from("/").toString("base64"), revision: old }) });
          expect(await res.text()).toMatch(/required revision has been compacted/);
        }

        // The load generator's watchers, told to start from the compacted revision: each relists once.
        const watchers = 3;
        const group = new WatcherGroup(d, watchers, { warmupObjects: 0, deleteSendTimes: newDeleteSendTimes(64) });
        await group.start(old, 30_000);
        const fresh = 20;
        for (let i = 10; i < 10 + fresh; i++) expect(await d.create(i, nowMicros())).toBeUndefined();
        const complete = await group.drain(fresh, nowMicros() + 30_000_000);
        await group.stop();
        const s = group.stats(complete);
        expect(complete).toBe(true);
        expect(s.relists).toBe(watchers);
        expect(s.errors).toBe(0);
        // Writes after the relist reach every watcher exactly once; those before it are gone, as a relist implies.
        expect({ added: s.added, modified: s.modified, deleted: s.deleted }).toEqual({ added: fresh * watchers, modified: 0, deleted: 0 });
      } finally {
        await d.deleteLeftovers(60_000);
        await d.close();
      }
    }, 180_000);
  }
});
