import { describe, expect, it } from "vitest";
import { errorClasses, resultSchemaVersion, type LoadgenResult, type StepResult } from "../loadgenResult";
import { LatencyHistogram } from "../measure/latencyHistogram";
import { mergeShardResults } from "./shardMerge";

/** A histogram of the given microsecond values, encoded as a shard uploads it. */
const encoded = (...us: number[]) => {
  const h = new LatencyHistogram();
  for (const v of us) h.recordMicros(v);
  return h.encode();
};

const step = (successes: number, errors: number, extra: Partial<StepResult> = {}): StepResult => ({
  planned: successes + errors,
  successes,
  errors,
  notAttempted: 0,
  skipped: 0,
  errorRate: successes + errors > 0 ? errors / (successes + errors) : 0,
  errorsByClass: Object.fromEntries(errorClasses.map((c) => [c, 0])) as StepResult["errorsByClass"],
  firstErrorByClass: {},
  throughputOps: successes,
  activeWindowS: 1,
  latency: { count: successes, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 },
  ...extra,
});

function shard(i: number, over: Partial<LoadgenResult> = {}): LoadgenResult {
  return {
    schemaVersion: resultSchemaVersion,
    tool: "hcpbench-loadgen",
    profile: "mixed-uniform",
    timestamp: `2026-01-01T00:00:0${i}.000Z`,
    finishedAt: `2026-01-01T00:01:0${3 - i}.000Z`,
    runId: "1",
    storageName: "etcd",
    hcpCpuLimit: "",
    hcpMemoryLimit: "",
    extraLabels: {},
    targets: [{ kind: "kubernetes", name: `hcp-${i}` }],
    settings: { mode: "open-loop", ops: 4, concurrency: 2, warmup: 1, watchers: 0, watchWorkers: 0, rate: 10, readFraction: 0.5, requestTimeoutMs: 30_000, phaseTimeoutMs: 300_000, watchStallS: 5, namespace: "load-test" },
    partial: false,
    steps: { write: step(2, 0), read: step(2, 0) },
    writes: step(2, 0),
    reads: step(2, 0),
    server: [],
    client: { cpuUserS: 1, cpuSystemS: 0.5, maxRssMiB: 100 + i, cpuCores: 0.5, cpuShare: 0.1 * (i + 1), eventLoopDelayP99Ms: 10 * (i + 1), connections: 4 },
    rates: { offered: 10, achieved: 9 + i },
    histograms: { steps: { write: encoded(1000, 2000), read: encoded(500, 600) }, writes: encoded(1000, 2000), reads: encoded(500, 600) },
    ...over,
  };
}

describe("mergeShardResults (hand-worked)", () => {
  it("sums counts, errors by class and rates, keeps the first error seen in shard order, and takes the longest active window", () => {
    const withErrors = step(1, 3, {
      errorsByClass: { ...step(0, 0).errorsByClass, conflict: 1, timeout: 2 },
      firstErrorByClass: { conflict: "409 AlreadyExists", timeout: "no answer in 30 s" },
      firstError: "no answer in 30 s",
      activeWindowS: 2.5,
      throughputOps: 0.4,
    });
    const merged = mergeShardResults([shard(0), shard(1, { steps: { write: withErrors, read: step(2, 0) }, writes: withErrors })]);
    expect(merged.steps.write).toMatchObject({ planned: 6, successes: 3, errors: 3, errorRate: 0.5, throughputOps: 2.4, activeWindowS: 2.5, firstError: "no answer in 30 s" });
    expect(merged.steps.write.errorsByClass).toMatchObject({ conflict: 1, timeout: 2, server: 0 });
    expect(merged.steps.write.firstErrorByClass).toEqual({ conflict: "409 AlreadyExists", timeout: "no answer in 30 s" });
    expect(merged.rates).toEqual({ offered: 20, achieved: 19 });
    // The earliest start and the latest end of the shards.
    expect([merged.timestamp, merged.finishedAt]).toEqual(["2026-01-01T00:00:00.000Z", "2026-01-01T00:01:03.000Z"]);
  });

  it("judges the merged point against the shards' SLO: shards that each met write.p99<=1.5ms merge to 2 ms and break it", () => {
    const expression = "write.p99<=1.5ms,lag.p99<=5s,errors<=0.1%";
    // What each shard stored: its own HCPs met the clause (a stored verdict, as a shard writes it).
    const met = { expression, met: true, broken: [], checks: [] };
    const fast = { steps: { write: encoded(1000), read: encoded(500) }, writes: encoded(1000), reads: encoded(500) };
    const slow = { steps: { write: encoded(2000), read: encoded(500) }, writes: encoded(2000), reads: encoded(500) };
    const merged = mergeShardResults([shard(0, { slo: met, histograms: fast }), shard(1, { slo: met, histograms: slow })]);
    expect(merged.slo).toMatchObject({ expression, met: false, broken: ["write.p99<=1.5ms"] });
    expect(merged.slo!.checks.find((c) => c.metric === "write.p99")).toMatchObject({ measured: 0.002, status: "broken" });
    // A missing shard makes the merged point partial, which never meets an SLO.
    const partial = mergeShardResults([shard(0, { slo: met, histograms: fast }), undefined]);
    expect(partial.slo).toMatchObject({ met: false, reason: "partial: shard 1: no result" });
  });

  it("merges the fleet watch: counts added, lag from the added lag histograms, rate over the longest window, complete only if every shard's was", () => {
    const zero = { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
    const watch = (events: number, eventRate: number, complete: boolean): NonNullable<LoadgenResult["watch"]> => ({
      watchers: 2,
      expectedEvents: 4,
      events,
      eventsByType: { added: events, modified: 0, deleted: 0 },
      errors: 0,
      reconnects: 1,
      relists: 0,
      bookmarks: 0,
      eventRate,
      lag: zero,
      lagByType: { added: zero, modified: zero, deleted: zero },
      untimedEvents: 0,
      complete,
    });
    const withLag = (i: number, added: string) => shard(i, { watch: watch(4 - i, i === 0 ? 2 : 0.75, i === 0), histograms: { ...shard(i).histograms!, watchLag: { added, modified: encoded(), deleted: encoded() } } });
    // Shard 0: 4 events in 2 s, lags 1 and 1.6 ms; shard 1: 3 events in 4 s, lag 1.2 ms (below 2,048 µs the buckets are exact).
    const merged = mergeShardResults([withLag(0, encoded(1000, 1600)), withLag(1, encoded(1200))]);
    expect(merged.watch).toMatchObject({ watchers: 4, expectedEvents: 8, events: 7, eventsByType: { added: 7 }, reconnects: 2, eventRate: 7 / 4, complete: false });
    expect(merged.watch!.lag).toMatchObject({ count: 3, p50: 0.0012, max: 0.0016 });
    expect(merged.watch!.lag.mean).toBeCloseTo(0.0038 / 3, 9);
    expect(merged.watch!.lagByType.added).toEqual(merged.watch!.lag);
    expect(merged.histograms!.watchLag).toBeDefined();
    // Without the lag histograms a shard's watch cannot be merged exactly: refused, not approximated.
    expect(() => mergeShardResults([shard(0, { watch: watch(4, 2, true) }), shard(1, { watch: watch(4, 2, true) })])).toThrow("shard 0: watch (no lag histograms) figures cannot be merged");
  });

  it("takes latencies from the added histograms: 1, 2 ms on one shard and 0.4, 0.8 ms on the other give p50 0.8 ms, max 2 ms, mean 1.05 ms", () => {
    const merged = mergeShardResults([shard(0), shard(1, { histograms: { steps: { write: encoded(400, 800), read: encoded(500) }, writes: encoded(400, 800), reads: encoded(500) } })]);
    const w = merged.steps.write.latency;
    expect(w.count).toBe(4);
    // Below 2048 µs an HDR histogram of 3 significant digits has 1 µs buckets, so these values are exact.
    expect([w.p50, w.max, w.mean]).toEqual([0.0008, 0.002, 0.00105]);
    expect(merged.writes.latency).toEqual(w);
    expect(merged.reads.latency).toMatchObject({ count: 3, p50: 0.0005, max: 0.0006 });
  });

  it("adds client CPU and connections, keeps the worst pod's RSS, CPU share and event-loop p99, and weights queueing by requests", () => {
    const q = (requests: number, waitMeanS: number, requestMeanS: number, waitP99S: number, dominated: boolean) => ({ requests, waitMeanS, waitP99S, requestMeanS, share: waitMeanS / requestMeanS, dominated });
    const merged = mergeShardResults([
      shard(0, { client: { ...shard(0).client, queueing: q(100, 0.01, 0.1, 0.05, false) } }),
      shard(1, { client: { ...shard(1).client, queueing: q(300, 0.05, 0.1, 0.2, false) } }),
    ]);
    // (100 x 0.01 + 300 x 0.05) / 400 = 0.04; request mean 0.1; share 0.4.
    expect(merged.client).toEqual({
      cpuUserS: 2,
      cpuSystemS: 1,
      maxRssMiB: 101,
      cpuCores: 1,
      cpuShare: 0.2,
      eventLoopDelayP99Ms: 20,
      connections: 8,
      queueing: { requests: 400, waitMeanS: 0.04, waitP99S: 0.2, requestMeanS: 0.1, share: expect.closeTo(0.4, 12), dominated: false },
    });
  });

  it("is invalid and partial when a shard was, naming the shard", () => {
    const merged = mergeShardResults([shard(0, { partial: true, partialReason: "target lost: hcp-0" }), shard(1, { invalid: "client used 1.9 of 2 cores (> 90 %)" })]);
    expect(merged).toMatchObject({ partial: true, partialReason: "shard 0: target lost: hcp-0", invalid: "shard 1: client used 1.9 of 2 cores (> 90 %)" });
  });

  it("refuses shards of different profiles, figures it cannot merge, and no shard at all", () => {
    expect(() => mergeShardResults([shard(0), shard(1, { profile: "mixed-hot" })])).toThrow("shard 1 ran mixed-hot, shard 0 mixed-uniform");
    expect(() => mergeShardResults([shard(0, { list: { expectedItems: 1, observedItems: 1, mismatchedLists: 0, pageSize: 500, pagesPerList: 1 } })])).toThrow("shard 0: list figures cannot be merged");
    expect(() => mergeShardResults([undefined, undefined])).toThrow("no shard of 2 has a result");
  });
});
