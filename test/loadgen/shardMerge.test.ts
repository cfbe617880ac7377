/**
 * Shards of a fleet point against a real etcd (Debian's 3.4, over gRPC): six "HCPs" (one key
 * prefix each) driven once by one load generator over all six, and once by three load
 * generators over two each (the shards of an Indexed bench Job, hcpShards.ts), whose results
 * are then merged (shardMerge.ts).
 *
 * Latencies differ from run to run, so exactness is shown on the sharded run itself: every
 * latency the three shards recorded is captured where it is recorded (StepRecorder.success) and
 * fed value by value into one fresh histogram per kind of operation; the merged result's
 * histogram and figures must equal it. That sharding does not change which operations run is
 * shown against the single-process run and against etcd's own put counter.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";
import type { EtcdTarget, LoadgenOptions } from "../../workloads/loadgen/loadgenOptions";
import type { LoadgenResult } from "../../workloads/loadgen/loadgenResult";
import { LatencyHistogram } from "../../workloads/loadgen/measure/latencyHistogram";
import { StepRecorder } from "../../workloads/loadgen/measure/stepRecorder";
import { hotShardOf, shardOf } from "../../workloads/loadgen/job/hcpShards";
import { mergeShardResults } from "../../workloads/loadgen/job/shardMerge";
import { validateResult } from "../../workloads/loadgen/resultSchema";
import { perfColumns, perfCsv } from "../../workloads/loadgen/resultFiles";
import { startEtcd, type EtcdServer } from "../servers/realServers";

const hcps = 6;
const shardCount = 3;
const ops = 40;
const readFraction = 0.25;
const warmup = 5;
// Worked by hand from mixedLoad's isRead: floor(40 x 0.25) = 10 of each HCP's 40 operations are reads, 30 are creates; 5 seed creates first.
const readsPerHcp = 10;
const writesPerHcp = 30;

let etcd: EtcdServer;
let targets: EtcdTarget[];

async function putTotal(): Promise<number> {
  const text = await (await fetch(`${etcd.endpoint}/metrics`)).text();
  return Number(/^etcd_mvcc_put_total (\S+)$/m.exec(text)?.[1]);
}

/** Every latency recorded while `run` runs, grouped by the recorder it went into. */
async function capturing<T>(run: () => Promise<T>): Promise<{ value: T; byRecorder: Map<StepRecorder, number[]> }> {
  const byRecorder = new Map<StepRecorder, number[]>();
  const original = StepRecorder.prototype.success;
  const spy = vi.spyOn(StepRecorder.prototype, "success").mockImplementation(function (this: StepRecorder, startUs: number, endUs: number) {
    byRecorder.set(this, [...(byRecorder.get(this) ?? []), endUs - startUs]);
    original.call(this, startUs, endUs);
  });
  try {
    return { value: await run(), byRecorder };
  } finally {
    spy.mockRestore();
  }
}

const fed = (values: readonly number[]) => {
  const h = new LatencyHistogram();
  for (const v of values) h.recordMicros(v);
  return h;
};

const percentiles = [...Array.from({ length: 201 }, (_, i) => i / 2), 99.9, 99.99];

/**
 * Exact equality with a histogram fed every value. An HDR histogram keeps counts per bucket
 * (3 significant digits), and its encoded form keeps only those counts, so min and max come
 * back from a decode as their bucket's lowest and highest value: they are compared after the same round
 * trip that one pod's upload would take, and against the raw values at bucket resolution.
 */
function expectSameHistogram(actual: LatencyHistogram, values: readonly number[]): void {
  const raw = fed(values);
  const uploaded = LatencyHistogram.decode(raw.encode());
  const [a, e, r] = [actual.histogram, uploaded.histogram, raw.histogram];
  expect(a.totalCount).toBe(values.length);
  expect(a.totalCount).toBe(r.totalCount);
  expect(percentiles.map((p) => a.getValueAtPercentile(p))).toEqual(percentiles.map((p) => r.getValueAtPercentile(p)));
  expect(a.minNonZeroValue).toBe(e.minNonZeroValue);
  expect(a.maxValue).toBe(e.maxValue);
  expect(a.mean).toBe(e.mean);
  const js = r as unknown as { lowestEquivalentValue(v: number): number; highestEquivalentValue(v: number): number };
  expect(a.minNonZeroValue).toBe(js.lowestEquivalentValue(Math.max(1, Math.round(Math.min(...values)))));
  expect(a.maxValue).toBe(js.highestEquivalentValue(Math.round(Math.max(...values))));
}

beforeAll(async () => {
  etcd = await startEtcd();
  targets = Array.from({ length: hcps }, (_, i) => ({ kind: "etcd", endpoint: `127.0.0.1:${etcd.port}`, prefix: `/hcp-${i}`, name: `hcp-${i}` }));
}, 60_000);
afterAll(() => etcd?.stop());

const base = (): Omit<LoadgenOptions, "target"> => ({ profile: "mixed-uniform", ops, warmup, readFraction, rate: 400, concurrency: 8, scrapeServerMetrics: false });

describe("a sharded fleet point against a real etcd merges exactly", () => {
  let single: LoadgenResult;
  let singlePuts: number;
  let shards: LoadgenResult[];
  let shardPuts: number;
  let byRecorder: Map<StepRecorder, number[]>;

  beforeAll(async () => {
    let before = await putTotal();
    single = await runLoadgen({ ...base(), target: targets });
    singlePuts = (await putTotal()) - before;
    before = await putTotal();
    // The shards run at once, as the pods of the Indexed Job do.
    const captured = await capturing(() => Promise.all(Array.from({ length: shardCount }, (_, i) => runLoadgen({ ...base(), target: shardOf(targets, i, shardCount), histograms: true }))));
    shardPuts = (await putTotal()) - before;
    shards = captured.value;
    byRecorder = captured.byRecorder;
  }, 120_000);

  it("each shard drove its own two HCPs, and the single-process result carries no histograms (one pod's output is unchanged)", () => {
    expect(shards.map((r) => r.targets.map((t) => t.name))).toEqual([["hcp-0", "hcp-1"], ["hcp-2", "hcp-3"], ["hcp-4", "hcp-5"]]);
    expect("histograms" in single).toBe(false);
    expect("shards" in single).toBe(false);
    for (const r of [single, ...shards]) expect(r.writes.errors + r.reads.errors).toBe(0);
  });

  it("the merged write and read histograms equal one histogram fed every recorded latency, value by value", () => {
    // The recorders: per HCP one for its creates (30 values), one for its reads (10), one for its seeds (5), nothing else.
    const groups = [...byRecorder.values()];
    expect(groups.map((g) => g.length).sort((a, b) => a - b)).toEqual([...Array(hcps).fill(warmup), ...Array(hcps).fill(readsPerHcp), ...Array(hcps).fill(writesPerHcp)]);
    const writeValues = groups.filter((g) => g.length === writesPerHcp).flat();
    const readValues = groups.filter((g) => g.length === readsPerHcp).flat();

    const merged = mergeShardResults(shards);
    expectSameHistogram(LatencyHistogram.decode(merged.histograms!.steps.write), writeValues);
    expectSameHistogram(LatencyHistogram.decode(merged.histograms!.steps.read), readValues);
    expectSameHistogram(LatencyHistogram.decode(merged.histograms!.writes), writeValues);
    // The figures in result.json and perf.csv come from the same sum.
    const uploaded = (values: readonly number[]) => LatencyHistogram.decode(fed(values).encode()).summary();
    expect(merged.steps.write.latency).toEqual(uploaded(writeValues));
    expect(merged.reads.latency).toEqual(uploaded(readValues));
    expect(merged.writes.latency.count).toBe(hcps * writesPerHcp);
    // Each shard holds only its own third: the merge is a real sum, not one shard's copy.
    expect(shards.map((r) => LatencyHistogram.decode(r.histograms!.steps.write).count)).toEqual([60, 60, 60]);
  });

  it("sharding performs the same operations as one process: counts per kind, per HCP, and etcd's own put counter", () => {
    const merged = mergeShardResults(shards);
    const counts = (r: LoadgenResult) =>
      Object.fromEntries(Object.entries(r.steps).map(([k, s]) => [k, { planned: s.planned, successes: s.successes, errors: s.errors, notAttempted: s.notAttempted, skipped: s.skipped }]));
    expect(counts(merged)).toEqual(counts(single));
    expect(counts(merged)).toEqual({
      write: { planned: hcps * writesPerHcp, successes: hcps * writesPerHcp, errors: 0, notAttempted: 0, skipped: 0 },
      read: { planned: hcps * readsPerHcp, successes: hcps * readsPerHcp, errors: 0, notAttempted: 0, skipped: 0 },
    });
    const perHcp = (r: LoadgenResult) => r.perTarget!.map((t) => [t.target, t.writes.planned, t.reads.planned, t.rate]);
    expect(perHcp(merged)).toEqual(perHcp(single));
    expect(merged.targets).toEqual(single.targets);
    // Every create and seed is one put in etcd (3.4 counts a put inside a txn once): 6 x (5 + 30).
    expect(singlePuts).toBe(hcps * (warmup + writesPerHcp));
    expect(shardPuts).toBe(singlePuts);
    // Open loop: each shard was offered 2 HCPs x 400/s; the sum is what one process was offered.
    expect(merged.rates!.offered).toBe(single.rates!.offered);
  });

  it("the merged point is a valid result.json and one perf.csv row, marked as merged from three shards", () => {
    const merged = mergeShardResults(shards);
    expect(validateResult(JSON.parse(JSON.stringify(merged))).errors).toEqual([]);
    expect(merged.partial).toBe(false);
    expect(merged.shards).toEqual({ count: 3, merged: [0, 1, 2], missing: [] });
    const lines = perfCsv(merged).trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(perfColumns.join(","));
    expect(lines[1].split(",")[perfColumns.indexOf("write_successes")]).toBe(String(hcps * writesPerHcp));
  });

  it("a missing shard makes the point partial and names it; the other shards' operations are still summed", () => {
    const merged = mergeShardResults([shards[0], undefined, shards[2]]);
    expect(merged.partial).toBe(true);
    expect(merged.partialReason).toBe("shard 1: no result");
    expect(merged.shards).toEqual({ count: 3, merged: [0, 2], missing: [1] });
    expect(merged.steps.write.successes).toBe(4 * writesPerHcp);
    expect(merged.perTarget!.map((t) => t.target)).toEqual(["hcp-0", "hcp-1", "hcp-4", "hcp-5"]);
    expect(() => mergeShardResults([single, shards[1]])).toThrow("shard 0: its result has no histograms, so it cannot be merged exactly");
  });
});

describe("mixed-hot in shards against a real etcd: the same hot HCPs, the same operations", () => {
  it("3 shards over 6 HCPs, 3 of them hot, load exactly the HCPs and operations one process loads", async () => {
    const hot = 3;
    const opts = { ...base(), profile: "mixed-hot" as const, hotFraction: 0.5 };
    let before = await putTotal();
    const single = await runLoadgen({ ...opts, target: targets });
    const singlePuts = (await putTotal()) - before;
    const shares = Array.from({ length: shardCount }, (_, i) => hotShardOf(targets, i, shardCount, hot));
    // By hand: hot hcp-0 | hcp-1 | hcp-2, cold hcp-3 | hcp-4 | hcp-5.
    expect(shares.map((sh) => sh.items.map((t) => t.name))).toEqual([["hcp-0", "hcp-3"], ["hcp-1", "hcp-4"], ["hcp-2", "hcp-5"]]);
    before = await putTotal();
    const parts = await Promise.all(shares.map((sh) => runLoadgen({ ...opts, target: sh.items, hotFraction: sh.hotFraction, histograms: true })));
    const shardPuts = (await putTotal()) - before;
    const merged = mergeShardResults(parts);

    const perHcp = (r: LoadgenResult) => r.perTarget!.map((t) => [t.target, t.hot, t.writes.planned, t.writes.successes, t.reads.planned, t.rate ?? 0]).sort();
    expect(perHcp(merged)).toEqual(perHcp(single));
    expect(single.perTarget!.filter((t) => t.hot).map((t) => t.target)).toEqual(["hcp-0", "hcp-1", "hcp-2"]);
    expect([merged.steps.write.successes, merged.steps.read.successes]).toEqual([hot * writesPerHcp, hot * readsPerHcp]);
    expect([single.steps.write.successes, single.steps.read.successes]).toEqual([hot * writesPerHcp, hot * readsPerHcp]);
    // Seeds and creates land on the hot HCPs only: 3 x (5 + 30) puts either way.
    expect(singlePuts).toBe(hot * (warmup + writesPerHcp));
    expect(shardPuts).toBe(singlePuts);
    expect(merged.rates!.offered).toBe(single.rates!.offered);
  }, 60_000);
});
