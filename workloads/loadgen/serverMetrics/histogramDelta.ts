import type { HistogramDelta } from "../loadgenResult";
import type { Sample } from "./prometheusText";

interface Series {
  labels: Record<string, string>;
  buckets: Map<number, number>;
  sum: number;
  count: number;
}

/** A histogram family's series, summed over every label outside groupBy. */
function collect(samples: readonly Sample[], family: string, groupBy: readonly string[]): Map<string, Series> {
  const out = new Map<string, Series>();
  for (const s of samples) {
    let part: "bucket" | "sum" | "count";
    if (s.name === `${family}_bucket`) part = "bucket";
    else if (s.name === `${family}_sum`) part = "sum";
    else if (s.name === `${family}_count`) part = "count";
    else continue;
    const labels: Record<string, string> = {};
    for (const k of groupBy) if (s.labels[k] !== undefined) labels[k] = s.labels[k];
    const key = JSON.stringify(labels);
    let series = out.get(key);
    if (!series) out.set(key, (series = { labels, buckets: new Map(), sum: 0, count: 0 }));
    if (part === "bucket") {
      const le = s.labels.le === "+Inf" ? Infinity : Number(s.labels.le);
      series.buckets.set(le, (series.buckets.get(le) ?? 0) + s.value);
    } else if (part === "sum") series.sum += s.value;
    else series.count += s.value;
  }
  return out;
}

/** Counter difference; a smaller value after means the server restarted, and the new value is all there is. */
export function counterDelta(before: number, after: number): number {
  return after >= before ? after - before : after;
}

/**
 * Estimates a quantile from cumulative bucket counts by linear interpolation
 * inside the bucket holding the rank, as PromQL's histogram_quantile() does.
 * A rank in the +Inf bucket answers the highest finite bound.
 */
export function bucketQuantile(q: number, buckets: readonly (readonly [number, number])[]): number {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  if (sorted.length === 0) return 0;
  const total = sorted[sorted.length - 1][1];
  if (total <= 0) return 0;
  const rank = q * total;
  let prevBound = 0;
  let prevCount = 0;
  for (const [bound, cumulative] of sorted) {
    if (cumulative >= rank) {
      if (bound === Infinity) return prevBound;
      const inBucket = cumulative - prevCount;
      return inBucket <= 0 ? bound : prevBound + (bound - prevBound) * ((rank - prevCount) / inBucket);
    }
    prevBound = bound === Infinity ? prevBound : bound;
    prevCount = cumulative;
  }
  return prevBound;
}

/** Per-series difference of a histogram between two scrapes; series with no new observations are left out. */
export function histogramDeltas(before: readonly Sample[], after: readonly Sample[], family: string, groupBy: readonly string[]): HistogramDelta[] {
  const b = collect(before, family, groupBy);
  const out: HistogramDelta[] = [];
  for (const [key, a] of collect(after, family, groupBy)) {
    const prev = b.get(key);
    const restarted = prev !== undefined && a.count < prev.count;
    const base = restarted ? undefined : prev;
    const count = a.count - (base?.count ?? 0);
    if (count <= 0) continue;
    const sum = a.sum - (base?.sum ?? 0);
    const buckets = [...a.buckets].map(([le, c]) => [le, c - (base?.buckets.get(le) ?? 0)] as const);
    out.push({
      labels: a.labels,
      count,
      sum,
      mean: sum / count,
      p50: bucketQuantile(0.5, buckets),
      p90: bucketQuantile(0.9, buckets),
      p99: bucketQuantile(0.99, buckets),
    });
  }
  return out.sort((x, y) => y.count - x.count);
}
