import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubernetesTarget } from "../../workloads/loadgen/loadgenOptions";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";
import { shareWatchers } from "../../workloads/loadgen/watch/watcherPool";
import { K8sApiServer } from "../k8sApiServer/k8sApiServer";
import { MemoryKvStore } from "../k8sApiServer/memoryKvStore";

describe("watchers on worker threads", () => {
  let api: K8sApiServer;
  beforeAll(async () => {
    api = await K8sApiServer.start({ store: new MemoryKvStore() });
  });
  afterAll(() => api.stop());

  it("spreads watchers evenly, none idle", () => {
    expect(shareWatchers(25, 2)).toEqual([13, 12]);
    expect(shareWatchers(3, 8)).toEqual([1, 1, 1]);
    expect(shareWatchers(10, 1)).toEqual([10]);
  });

  it("count and time exactly what main-thread watchers do", async () => {
    const target = { kind: "kubernetes", kubeconfig: api.kubeconfig() } as const;
    const inline = await runLoadgen({ target, profile: "watch-churn", ops: 200, concurrency: 8, watchers: 6, warmup: 5 });
    const threaded = await runLoadgen({ target, profile: "watch-churn", ops: 200, concurrency: 8, watchers: 6, watchWorkers: 2, warmup: 5 });
    for (const r of [inline, threaded]) {
      expect(r.watch).toMatchObject({ expectedEvents: 4800, events: 4800, eventsByType: { added: 1200, modified: 2400, deleted: 1200 }, complete: true, untimedEvents: 0 });
      expect(r.watch!.lag.count).toBe(4800);
    }
    expect(threaded.settings.watchWorkers).toBe(2);
  });
});

describe("mixed-hot and mixed-uniform across a fleet", () => {
  const apis: K8sApiServer[] = [];
  let targets: KubernetesTarget[];
  beforeAll(async () => {
    for (let i = 0; i < 4; i++) apis.push(await K8sApiServer.start({ store: new MemoryKvStore() }));
    targets = apis.map((a, i) => ({ kind: "kubernetes", kubeconfig: a.kubeconfig(), name: `hcp-${i}` }));
  });
  afterAll(() => Promise.all(apis.map((a) => a.stop())));

  it("mixed-hot loads only the hot share, at the per-HCP rate, reads from what exists", async () => {
    const r = await runLoadgen({ target: targets, profile: "mixed-hot", hotFraction: 0.5, rate: 200, ops: 100, readFraction: 0.3, warmup: 5 });
    expect(r.perTarget!.map((t) => [t.target, t.hot])).toEqual([["hcp-0", true], ["hcp-1", true], ["hcp-2", false], ["hcp-3", false]]);
    for (const t of r.perTarget!.slice(0, 2)) {
      expect(t.writes).toMatchObject({ planned: 70, successes: 70, errors: 0 });
      expect(t.reads).toMatchObject({ planned: 30, successes: 30, errors: 0 });
      // 100 operations at 200/s: about half a second of active window.
      expect(t.writes.activeWindowS).toBeGreaterThan(0.4);
      expect(t.writes.activeWindowS).toBeLessThan(2);
    }
    for (const t of r.perTarget!.slice(2)) expect(t.writes.planned + t.reads.planned).toBe(0);
    expect(r.writes.successes).toBe(140);
    expect(r.reads.successes).toBe(60);
    expect(r.settings).toMatchObject({ mode: "open-loop", rate: 200, hotFraction: 0.5, readFraction: 0.3 });
    // Offered: 200/s at each of the 2 hot HCPs, 400/s; the 2 idle ones are offered nothing.
    expect(r.rates?.offered).toBe(400);
    expect(r.server.map((s) => s.target)).toEqual(["hcp-0", "hcp-1"]);
    expect(r.server[0].apiserverRequestDuration.find((d) => d.labels.verb === "POST")?.count).toBe(70);
  });

  it("mixed-uniform loads every HCP at the same rate", async () => {
    const r = await runLoadgen({ target: targets, profile: "mixed-uniform", rate: 300, ops: 60, warmup: 1 });
    expect(r.perTarget!.every((t) => t.hot && t.writes.successes === 30 && t.reads.successes === 30)).toBe(true);
    expect(r.rates?.offered).toBe(1200);
  });
});
