/**
 * Hot and cold tenants on one datastore, against the real thing: three
 * kube-apiserver 1.33 HCPs sharing one etcd 3.6 (binaries from `hcpbench lab
 * install`). One hot HCP at 100 ops/s, two quiet ones at 10 ops/s each, run
 * alone first and then beside the hot one. Each HCP's watch lag is its own.
 */
import { describe, expect, it } from "vitest";
import { useLab } from "./labFixture";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";
import { validateResult } from "../../workloads/loadgen/resultSchema";

describe("tenants on one datastore", () => {
  const lab = useLab("tenants", { backends: ["etcd"], hcps: 3, ports: 8 });

  it("each HCP at its own rate, per-HCP and fleet-wide percentiles, and the quiet tenants' p99 with and without the hot one", async () => {
    const target = lab().hcps.map((h) => ({ kind: "kubernetes" as const, kubeconfig: h.kubeconfig, name: h.name }));
    const r = await runLoadgen({ target, profile: "mixed-hot", hotFraction: 0.3, rate: 100, coldRate: 10, ops: 300, warmup: 10, concurrency: 20, namespace: "tenants" });
    expect(validateResult(JSON.parse(JSON.stringify(r))).errors).toEqual([]);
    // ceil(0.3 x 3) = 1 hot HCP; the other two are quiet.
    expect(r.perTarget!.map((t) => [t.hot, t.rate])).toEqual([[true, 100], [false, 10], [false, 10]]);
    // 300 operations at 100/s is 3 s; a quiet tenant runs as long at 10/s: 30 operations, half writes (read fraction 0.5).
    expect(r.perTarget![0].writes.planned + r.perTarget![0].reads.planned).toBe(300);
    for (const t of r.perTarget!.slice(1)) {
      expect(t.writes).toMatchObject({ planned: 15, successes: 15, errors: 0 });
      expect(t.reads).toMatchObject({ planned: 15, successes: 15, errors: 0 });
      expect(t.writes.latency.p99).toBeGreaterThan(0);
    }
    // Fleet-wide: every HCP's operations in one histogram.
    expect(r.writes.successes).toBe(150 + 15 + 15);
    expect(r.rates?.offered).toBe(120);
    // Each tenant's own watch on its own API server: every write it made arrives, with a lag between 0 and the run's length.
    const runS = (Date.parse(r.finishedAt) - Date.parse(r.timestamp)) / 1000;
    for (const t of r.perTarget!) {
      const w = t.watch!;
      expect(w).toMatchObject({ watchers: 1, expectedEvents: t.writes.successes, events: t.writes.successes, complete: true });
      expect(w.lag.count).toBe(w.events);
      expect(w.lag.p50).toBeGreaterThanOrEqual(0);
      expect(w.lag.p99).toBeGreaterThanOrEqual(w.lag.p50);
      expect(w.lag.max).toBeGreaterThanOrEqual(w.lag.p99);
      expect(w.lag.max).toBeLessThan(runS);
    }
    // Fleet-wide: all tenants' events in one histogram; its max is the largest tenant max, its median between theirs.
    const lags = r.perTarget!.map((t) => t.watch!.lag);
    expect(r.watch!.events).toBe(r.perTarget!.reduce((n, t) => n + t.watch!.events, 0));
    expect(r.watch!.lag.max).toBe(Math.max(...lags.map((l) => l.max)));
    expect(r.watch!.lag.p50).toBeGreaterThanOrEqual(Math.min(...lags.map((l) => l.p50)));
    expect(r.watch!.lag.p50).toBeLessThanOrEqual(Math.max(...lags.map((l) => l.p50)));
    const q = r.tenants!;
    expect(q).toMatchObject({ hot: 1, cold: 2, hotRate: 100, coldRate: 10 });
    expect(q.quietAloneP99S).toBeGreaterThan(0);
    expect(q.quietWithHotP99S).toBeGreaterThan(0);
    expect(q.p99Inflation).toBeCloseTo(q.quietWithHotP99S / q.quietAloneP99S, 9);
  }, 300_000);
});
