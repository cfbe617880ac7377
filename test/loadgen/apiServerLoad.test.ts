import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoadgenResult, StepResult } from "../../workloads/loadgen/loadgenResult";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";
import { startApiServerOnEtcd, type ApiServerOnEtcd } from "../k8sApiServer/apiServerOnEtcd";
import { etcdCounter, etcdKeys } from "./etcdState";

function expectAccounted(s: StepResult): void {
  expect(s.successes + s.errors + s.notAttempted + s.skipped).toBe(s.planned);
  expect(Object.values(s.errorsByClass).reduce((a, b) => a + b, 0)).toBe(s.errors);
}

/** The Kubernetes driver against the test API server on a real etcd, with and without faults. */
describe("kubernetes target on the test API server", () => {
  let bed: ApiServerOnEtcd;
  let kubeconfig: string;
  beforeAll(async () => {
    bed = await startApiServerOnEtcd({ token: "lg", bookmarkIntervalMs: 200 });
    kubeconfig = bed.api.kubeconfig();
  });
  afterAll(() => bed.stop());
  const target = () => ({ kind: "kubernetes" as const, kubeconfig });

  it("create-list: every successful create is in etcd exactly once, and each list returns exactly them", async () => {
    const r = await runLoadgen({ target: target(), profile: "create-list", namespace: "cl", ops: 1100, concurrency: 25, lists: 4, warmup: 20 });
    expect(r.steps.create).toMatchObject({ planned: 1100, successes: 1100, errors: 0, notAttempted: 0 });
    const keys = await etcdKeys(bed.etcd.endpoint, "/registry/configmaps/cl/");
    expect(keys).toHaveLength(1100);
    expect(new Set(keys).size).toBe(1100);
    expect(keys[0]).toBe("load-000020"); // warm-up objects 0..19 were deleted before measurement
    expect(r.list).toEqual({ expectedItems: 1100, observedItems: 1100, mismatchedLists: 0, pageSize: 500, pagesPerList: 3 });
    expect(r.steps.list.successes).toBe(4);
    expect(r.steps.listPage.successes).toBe(12);
    // Server-side view of the measured window: the API server saw each create and each page.
    const post = r.server[0].apiserverRequestDuration.find((d) => d.labels.verb === "POST" && d.labels.resource === "configmaps");
    const list = r.server[0].apiserverRequestDuration.find((d) => d.labels.verb === "LIST");
    expect(post?.count).toBe(1100);
    expect(list?.count).toBe(12);
    expect(r.server[0].etcdRequestDuration.find((d) => d.labels.operation === "create")?.count).toBe(1100);
  });

  it("watch-churn: all expected events arrive, every step is accounted for, and etcd saw each write once", async () => {
    const puts0 = await etcdCounter(bed.etcd.endpoint, "etcd_mvcc_put_total");
    const dels0 = await etcdCounter(bed.etcd.endpoint, "etcd_mvcc_delete_total");
    const r = await runLoadgen({ target: target(), profile: "watch-churn", namespace: "wc", ops: 250, concurrency: 10, watchers: 5, warmup: 10 });
    const w = r.watch!;
    for (const s of Object.values(r.steps)) expectAccounted(s);
    expect(r.writes.successes).toBe(1000);
    expect(w).toMatchObject({ watchers: 5, expectedEvents: 5000, events: 5000, eventsByType: { added: 1250, modified: 2500, deleted: 1250 }, errors: 0, reconnects: 0, relists: 0, complete: true, untimedEvents: 0 });
    expect(w.lagByType.deleted.count).toBe(1250);
    expect(w.lag.p50).toBeGreaterThan(0);
    expect(w.lag.max).toBeLessThan(30);
    // 260 objects (10 warm-up): each created, updated twice and deleted exactly once in etcd.
    expect((await etcdCounter(bed.etcd.endpoint, "etcd_mvcc_put_total")) - puts0).toBe(260 * 3 + 1); // + the namespace
    expect((await etcdCounter(bed.etcd.endpoint, "etcd_mvcc_delete_total")) - dels0).toBe(260);
    expect(await etcdKeys(bed.etcd.endpoint, "/registry/configmaps/wc/")).toEqual([]);
  });

  it("faults: each injected fault is counted in its class, nothing is lost or counted twice, dropped watches resume without losing events", async () => {
    const api = bed.api;
    api.faults.clear();
    const struck0 = { ...api.faults.struck };
    api.inject({ kind: "reset", verb: "create", every: 9 });
    api.inject({ kind: "gateway-timeout", verb: "create", every: 13 });
    api.inject({ kind: "throttle", verb: "update", every: 11, retryAfterS: 1 });
    api.inject({ kind: "slow", verb: "update", every: 97, delayMs: 4000 });
    api.inject({ kind: "server-error", verb: "delete", every: 7 });
    api.inject({ kind: "drop-watch", verb: "watch", every: 2, times: 3, afterEvents: 60 });
    const puts0 = await etcdCounter(bed.etcd.endpoint, "etcd_mvcc_put_total");
    const dels0 = await etcdCounter(bed.etcd.endpoint, "etcd_mvcc_delete_total");
    let r: LoadgenResult;
    try {
      r = await runLoadgen({ target: target(), profile: "watch-churn", namespace: "faults", ops: 300, concurrency: 12, watchers: 4, warmup: 0, requestTimeoutMs: 1500 });
    } finally {
      api.faults.clear();
    }
    const struck = Object.fromEntries(Object.entries(api.faults.struck).map(([k, v]) => [k, v - struck0[k as keyof typeof struck0]])) as typeof struck0;
    for (const s of Object.values(r.steps)) expectAccounted(s);
    const byClass = (cls: keyof StepResult["errorsByClass"]) => r.writes.errorsByClass[cls];
    expect(struck.reset).toBeGreaterThan(0);
    expect(byClass("network")).toBe(struck.reset);
    expect(byClass("throttled")).toBe(struck.throttle);
    expect(byClass("server")).toBe(struck["server-error"]);
    expect(byClass("timeout")).toBe(struck["gateway-timeout"] + struck.slow);
    expect(byClass("conflict") + byClass("rejected")).toBe(0);
    expect(r.steps.create.firstErrorByClass.network).toMatch(/socket|closed|reset/i);
    expect(r.steps.update1.errors + r.steps.update2.errors).toBe(struck.throttle + struck.slow);
    // Writes after a failed step of the same object are skipped, not sent.
    expect(r.steps.update1.skipped).toBe(r.steps.create.errors);
    expect(r.steps.delete.skipped).toBe(r.steps.create.errors + r.steps.update1.errors + r.steps.update2.errors);
    // etcd holds exactly what succeeded: every successful write once, no failed write at all.
    const s = r.steps;
    expect((await etcdCounter(bed.etcd.endpoint, "etcd_mvcc_put_total")) - puts0).toBe(s.create.successes + s.update1.successes + s.update2.successes + 1);
    expect((await etcdCounter(bed.etcd.endpoint, "etcd_mvcc_delete_total")) - dels0).toBe(s.delete.successes);
    expect(await etcdKeys(bed.etcd.endpoint, "/registry/configmaps/faults/")).toHaveLength(s.create.successes - s.delete.successes);
    // Dropped watch streams: each is a counted error and a reconnect from the last resourceVersion; no event is lost.
    const w = r.watch!;
    expect(struck["drop-watch"]).toBe(3);
    expect(w.reconnects).toBe(3);
    expect(w.errors).toBe(3);
    expect(w.events).toBe(w.expectedEvents);
    expect(w.relists).toBe(0);
  });

  it("410 Gone: watchers relist, and carry on", async () => {
    bed.api.inject({ kind: "gone", verb: "watch", times: 2 });
    let r: LoadgenResult;
    try {
      r = await runLoadgen({ target: target(), profile: "watch-churn", namespace: "gone", ops: 60, concurrency: 4, watchers: 3, warmup: 0 });
    } finally {
      bed.api.faults.clear();
    }
    const w = r.watch!;
    expect(w.relists).toBe(2);
    // The 410s came before any write, so the relisted watches still see every event.
    expect(w.events).toBe(w.expectedEvents);
    expect(w.bookmarks).toBeGreaterThan(0);
  });

  it("streams ended mid-run and answered 410 on resume: each watcher reconnects, relists, and never over-counts", async () => {
    const running = runLoadgen({ target: target(), profile: "watch-churn", namespace: "expire", ops: 400, concurrency: 4, watchers: 3, warmup: 0, phaseTimeoutMs: 8000 });
    // Wait for the three watches to be open, not for a fixed time: a busy machine opens them late.
    while (bed.api.openWatches < 3) await new Promise((res) => setTimeout(res, 20));
    // What a compaction plus an API server restart looks like to clients: streams end, resuming gets 410 Expired.
    bed.api.inject({ kind: "gone", verb: "watch", times: 3 });
    bed.api.endWatches();
    const r = await running;
    bed.api.faults.clear();
    const w = r.watch!;
    expect(w.reconnects).toBe(3);
    expect(w.relists).toBe(3);
    expect(w.errors).toBe(0);
    // Events written while a watcher relisted are lost to it: the drain ends on the phase timeout, incomplete.
    expect(w.events).toBeLessThanOrEqual(w.expectedEvents);
    expect(w.complete).toBe(w.events === w.expectedEvents);
    expect(w.eventsByType.added + w.eventsByType.modified + w.eventsByType.deleted).toBe(w.events);
    for (const s of Object.values(r.steps)) expectAccounted(s);
  });

  it("leftover clean-up retries a deletecollection the API server timed out, then lists exactly the new objects", async () => {
    await runLoadgen({ target: target(), profile: "create-list", namespace: "leftover", ops: 300, concurrency: 10, lists: 1, warmup: 0 });
    const struck0 = bed.api.faults.struck["gateway-timeout"];
    bed.api.inject({ kind: "gateway-timeout", verb: "deletecollection", times: 1 });
    let r: LoadgenResult;
    try {
      r = await runLoadgen({ target: target(), profile: "create-list", namespace: "leftover", ops: 120, concurrency: 10, lists: 1, warmup: 0 });
    } finally {
      bed.api.faults.clear();
    }
    expect(bed.api.faults.struck["gateway-timeout"] - struck0).toBe(1);
    expect(r.list).toMatchObject({ expectedItems: 120, observedItems: 120 });
    expect(await etcdKeys(bed.etcd.endpoint, "/registry/configmaps/leftover/")).toHaveLength(120);
  });

  it("create-list under list faults: a failed page fails its list, in its class", async () => {
    bed.api.inject({ kind: "server-error", verb: "list", every: 2, times: 2 });
    let r: LoadgenResult;
    try {
      r = await runLoadgen({ target: target(), profile: "create-list", namespace: "lf", ops: 700, concurrency: 10, lists: 4, warmup: 0 });
    } finally {
      bed.api.faults.clear();
    }
    expect(r.steps.list).toMatchObject({ planned: 4, successes: 2, errors: 2, errorsByClass: { server: 2 } });
    expect(r.steps.listPage.errors).toBe(2);
    expect(r.list?.observedItems).toBe(700);
    expectAccounted(r.reads);
  });
});
