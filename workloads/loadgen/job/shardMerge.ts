import type { LoadgenResult, ResultHistograms, StepResult, WatchLagHistograms, WatchResult } from "../loadgenResult";
import { errorClasses, type ErrorClass } from "../loadgenResult";
import { addEncoded } from "../measure/resultHistograms";
import { judgeSlo } from "../slo/sloVerdict";
import { parseSlo } from "../slo/sloExpression";
import { allLag } from "../watch/watchResult";

/**
 * One point of a sharded bench Job as one result: the shards (load pods) each drove a contiguous
 * share of the HCPs at the same time, and each uploaded its own result with its latency
 * histograms. How the parts add up:
 *
 * - counts (planned, successes, errors by class, not attempted, skipped) are summed;
 * - latencies come from the shards' HDR histograms added bucket by bucket, which is exactly the
 *   histogram of all their values together (same bucket layout: 3 significant digits, 1 µs..1 h),
 *   so every percentile, the mean, min and max equal a single histogram fed every operation;
 * - rates (throughput, offered, achieved) are summed: the shards ran at once, each over its own
 *   active window; the merged active window is the longest shard's;
 * - per-HCP results, targets and server-metric deltas are concatenated in shard order, which is
 *   the fleet's order (hcpShards.ts);
 * - client figures: CPU seconds, cores and connections summed; RSS, CPU share and event-loop p99
 *   the worst pod's (each pod has its own machine budget); queueing means weighted by requests,
 *   its p99 the worst pod's (an upper bound: the queue-wait samples are not kept);
 * - resources (the fleet's pods, sampled by shard 0 only) are shard 0's;
 * - the point is partial when any shard was, or when a shard's result is missing (named in
 *   `partialReason` and `shards.missing`); invalid when any shard was, with the shards' reasons.
 *
 * - the fleet-wide watch: counts summed, lag from the shards' added lag histograms (exact).
 *
 * List and tenant figures are not merged: only mixed-* points are sharded, and the bench Job
 * never sets a cold rate (the only source of tenant figures).
 */
export function mergeShardResults(shards: readonly (LoadgenResult | undefined)[]): LoadgenResult {
  const present = shards.flatMap((r, index) => (r ? [{ index, r }] : []));
  const missing = shards.flatMap((r, index) => (r ? [] : [index]));
  if (present.length === 0) throw new Error(`no shard of ${shards.length} has a result`);
  for (const { index, r } of present) {
    if (!r.histograms) throw new Error(`shard ${index}: its result has no histograms, so it cannot be merged exactly`);
    const unmergeable: string[] = (["list", "tenants"] as const).filter((k) => r[k] !== undefined);
    if (r.watch && !r.histograms.watchLag) unmergeable.push("watch (no lag histograms)");
    if (r.watch?.integrity) unmergeable.push("watch integrity");
    if (unmergeable.length > 0) throw new Error(`shard ${index}: ${unmergeable.join(", ")} figures cannot be merged (only mixed-* points are sharded)`);
    if (r.profile !== present[0].r.profile) throw new Error(`shard ${index} ran ${r.profile}, shard ${present[0].index} ${present[0].r.profile}`);
    if (Boolean(r.watch) !== Boolean(present[0].r.watch)) throw new Error(`shard ${index} ${r.watch ? "watched" : "did not watch"}, shard ${present[0].index} ${present[0].r.watch ? "did" : "did not"}`);
  }
  const results = present.map((p) => p.r);
  const hist = (pick: (h: ResultHistograms) => string | undefined) => results.map((r) => pick(r.histograms!)).filter((h): h is string => h !== undefined);
  const first = results[0];
  const stepNames = [...new Set(results.flatMap((r) => Object.keys(r.steps)))];
  const steps = Object.fromEntries(stepNames.map((name) => [name, mergeSteps(results.flatMap((r) => (r.steps[name] ? [r.steps[name]] : [])), hist((h) => h.steps[name]))]));
  const histograms: ResultHistograms = {
    steps: Object.fromEntries(stepNames.map((name) => [name, addEncoded(hist((h) => h.steps[name])).encode()])),
    writes: addEncoded(hist((h) => h.writes)).encode(),
    reads: addEncoded(hist((h) => h.reads)).encode(),
  };
  const watch = first.watch ? mergeWatch(results.map((r) => ({ watch: r.watch!, lag: r.histograms!.watchLag! }))) : undefined;

  const partialReasons = [
    ...present.filter((p) => p.r.partial).map((p) => `shard ${p.index}: ${p.r.partialReason ?? "interrupted"}`),
    ...missing.map((i) => `shard ${i}: no result`),
  ];
  const invalid = present.filter((p) => p.r.invalid).map((p) => `shard ${p.index}: ${p.r.invalid}`);
  const perTarget = results.flatMap((r) => r.perTarget ?? []);
  const rates = results.every((r) => r.rates) ? { offered: sum(results, (r) => r.rates!.offered), achieved: sum(results, (r) => r.rates!.achieved) } : undefined;
  const shard0 = shards[0];
  const { watch: _w, list: _l, tenants: _t, perTarget: _p, resources: _r, rates: _rt, invalid: _i, partialReason: _pr, slo: _s, ...common } = first;
  const writes = mergeSteps(results.map((r) => r.writes), hist((h) => h.writes));
  const reads = mergeSteps(results.map((r) => r.reads), hist((h) => h.reads));
  const partial = partialReasons.length > 0;
  // Each shard judged only its own HCPs; the point's verdict is the merged figures' (same expression).
  const slo = first.slo ? judgeSlo(parseSlo(first.slo.expression), { writes, reads, ...(watch ? { watch: watch.watch } : {}), partial, ...(partial ? { partialReason: partialReasons.join("; ") } : {}) }) : undefined;
  return {
    ...common,
    timestamp: min(results.map((r) => r.timestamp)),
    finishedAt: max(results.map((r) => r.finishedAt)),
    targets: results.flatMap((r) => r.targets),
    partial: partialReasons.length > 0,
    ...(partialReasons.length > 0 ? { partialReason: partialReasons.join("; ") } : {}),
    steps,
    writes,
    reads,
    ...(watch ? { watch: watch.watch } : {}),
    ...(perTarget.length > 0 ? { perTarget } : {}),
    server: results.flatMap((r) => r.server),
    ...(shard0?.resources ? { resources: shard0.resources } : {}),
    client: mergeClient(results),
    ...(rates ? { rates } : {}),
    ...(invalid.length > 0 ? { invalid: invalid.join("; ") } : {}),
    ...(slo ? { slo } : {}),
    histograms: watch ? { ...histograms, watchLag: watch.lag } : histograms,
    shards: { count: shards.length, merged: present.map((p) => p.index), missing },
  };
}

/**
 * The fleet-wide watch of all shards: counts added, lag from the added
 * per-type histograms (exact), complete only if every shard's was, and the
 * event rate over the longest shard's window (the shards run in step).
 */
function mergeWatch(parts: readonly { watch: WatchResult; lag: WatchLagHistograms }[]): { watch: WatchResult; lag: WatchLagHistograms } {
  const ws = parts.map((p) => p.watch);
  const added = addEncoded(parts.map((p) => p.lag.added));
  const modified = addEncoded(parts.map((p) => p.lag.modified));
  const deleted = addEncoded(parts.map((p) => p.lag.deleted));
  const all = allLag({ lagAdded: added, lagModified: modified, lagDeleted: deleted });
  const events = sum(ws, (w) => w.events);
  const windowS = Math.max(0, ...ws.map((w) => (w.eventRate > 0 ? w.events / w.eventRate : 0)));
  const firstError = ws.find((w) => w.firstError !== undefined)?.firstError;
  return {
    watch: {
      watchers: sum(ws, (w) => w.watchers),
      expectedEvents: sum(ws, (w) => w.expectedEvents),
      events,
      eventsByType: { added: sum(ws, (w) => w.eventsByType.added), modified: sum(ws, (w) => w.eventsByType.modified), deleted: sum(ws, (w) => w.eventsByType.deleted) },
      errors: sum(ws, (w) => w.errors),
      reconnects: sum(ws, (w) => w.reconnects),
      relists: sum(ws, (w) => w.relists),
      bookmarks: sum(ws, (w) => w.bookmarks),
      ...(firstError !== undefined ? { firstError } : {}),
      eventRate: windowS > 0 ? events / windowS : 0,
      lag: all.summary(),
      lagByType: { added: added.summary(), modified: modified.summary(), deleted: deleted.summary() },
      untimedEvents: sum(ws, (w) => w.untimedEvents),
      complete: ws.every((w) => w.complete),
    },
    lag: { added: added.encode(), modified: modified.encode(), deleted: deleted.encode() },
  };
}

function mergeSteps(parts: readonly StepResult[], histograms: readonly string[]): StepResult {
  const byClass = Object.fromEntries(errorClasses.map((c) => [c, sum(parts, (p) => p.errorsByClass[c])])) as Record<ErrorClass, number>;
  const firstByClass: Partial<Record<ErrorClass, string>> = {};
  for (const c of errorClasses) {
    const m = parts.find((p) => p.firstErrorByClass[c] !== undefined)?.firstErrorByClass[c];
    if (m !== undefined) firstByClass[c] = m;
  }
  const successes = sum(parts, (p) => p.successes);
  const errors = sum(parts, (p) => p.errors);
  const firstError = parts.find((p) => p.firstError !== undefined)?.firstError;
  return {
    planned: sum(parts, (p) => p.planned),
    successes,
    errors,
    notAttempted: sum(parts, (p) => p.notAttempted),
    skipped: sum(parts, (p) => p.skipped),
    errorRate: successes + errors > 0 ? errors / (successes + errors) : 0,
    errorsByClass: byClass,
    firstErrorByClass: firstByClass,
    ...(firstError !== undefined ? { firstError } : {}),
    throughputOps: sum(parts, (p) => p.throughputOps),
    activeWindowS: Math.max(0, ...parts.map((p) => p.activeWindowS)),
    latency: addEncoded(histograms).summary(),
  };
}

function mergeClient(results: readonly LoadgenResult[]): LoadgenResult["client"] {
  const cs = results.map((r) => r.client);
  const optionalMax = (pick: (c: LoadgenResult["client"]) => number | undefined) => {
    const v = cs.map(pick).filter((x): x is number => x !== undefined);
    return v.length > 0 ? Math.max(...v) : undefined;
  };
  const optionalSum = (pick: (c: LoadgenResult["client"]) => number | undefined) => {
    const v = cs.map(pick).filter((x): x is number => x !== undefined);
    return v.length > 0 ? v.reduce((a, b) => a + b, 0) : undefined;
  };
  const entries = {
    cpuCores: optionalSum((c) => c.cpuCores),
    cpuShare: optionalMax((c) => c.cpuShare),
    eventLoopDelayP99Ms: optionalMax((c) => c.eventLoopDelayP99Ms),
    connections: optionalSum((c) => c.connections),
  };
  const queues = cs.flatMap((c) => (c.queueing && c.queueing.requests > 0 ? [c.queueing] : []));
  const requests = sum(queues, (q) => q.requests);
  const weighted = (pick: (q: (typeof queues)[number]) => number) => (requests > 0 ? sum(queues, (q) => pick(q) * q.requests) / requests : 0);
  const waitMeanS = weighted((q) => q.waitMeanS);
  const requestMeanS = weighted((q) => q.requestMeanS);
  return {
    cpuUserS: sum(cs, (c) => c.cpuUserS),
    cpuSystemS: sum(cs, (c) => c.cpuSystemS),
    maxRssMiB: Math.max(...cs.map((c) => c.maxRssMiB)),
    ...Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)),
    ...(queues.length > 0
      ? {
          queueing: {
            requests,
            waitMeanS,
            waitP99S: Math.max(...queues.map((q) => q.waitP99S)),
            requestMeanS,
            share: requestMeanS > 0 ? waitMeanS / requestMeanS : 0,
            dominated: queues.some((q) => q.dominated),
          },
        }
      : {}),
  };
}

const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((n, x) => n + f(x), 0);
const min = (xs: readonly string[]) => [...xs].sort()[0];
const max = (xs: readonly string[]) => [...xs].sort()[xs.length - 1];
