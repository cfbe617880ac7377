import type { PerfRecord, RowSource, ScaleRecord } from "./records";

/** Median of the finite values; undefined when there are none. Even counts average the middle two. */
export function median(values: readonly number[]): number | undefined {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** One point after taking the median across its runs. */
export interface PerfPoint {
  readonly storage: string;
  readonly profile: string;
  readonly concurrency: number;
  readonly ops: number;
  readonly preset: string;
  readonly replicas: number;
  readonly runs: number;
  readonly sources: readonly RowSource[];
  readonly values: Readonly<Record<string, number>>;
}

export interface ScalePoint {
  readonly storage: string;
  readonly clusterCount: number;
  readonly replicas: number;
  readonly runs: number;
  readonly sources: readonly RowSource[];
  readonly values: Readonly<Record<string, number>>;
}

function medianValues(rows: readonly { values: Readonly<Record<string, number>> }[]): Record<string, number> {
  const byColumn = new Map<string, number[]>();
  for (const r of rows) {
    for (const [k, v] of Object.entries(r.values)) {
      const list = byColumn.get(k);
      if (list) list.push(v);
      else byColumn.set(k, [v]);
    }
  }
  const out: Record<string, number> = {};
  for (const [k, list] of byColumn) {
    const m = median(list);
    if (m !== undefined) out[k] = m;
  }
  return out;
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

/**
 * The original bench's aggregation: median across runs, keyed on storage,
 * profile, concurrency, ops and limits (plus replicas, which the original
 * encoded in the storage name). Each column's median is taken on its own.
 */
export function aggregatePerf(rows: readonly PerfRecord[]): PerfPoint[] {
  const groups = groupBy(rows, (r) => [r.storage, r.profile, r.concurrency, r.ops, r.cpuLimit, r.memoryLimit, r.replicas].join("\u0000"));
  return [...groups.values()].map((g) => ({
    storage: g[0].storage,
    profile: g[0].profile,
    concurrency: g[0].concurrency,
    ops: g[0].ops,
    preset: g[0].preset,
    replicas: g[0].replicas,
    runs: g.length,
    sources: [...new Set(g.map((r) => r.source))],
    values: medianValues(g),
  }));
}

export function aggregateScale(rows: readonly ScaleRecord[]): ScalePoint[] {
  const groups = groupBy(rows, (r) => [r.storage, r.clusterCount, r.replicas].join("\u0000"));
  return [...groups.values()].map((g) => ({
    storage: g[0].storage,
    clusterCount: g[0].clusterCount,
    replicas: g[0].replicas,
    runs: g.length,
    sources: [...new Set(g.map((r) => r.source))],
    values: medianValues(g),
  }));
}
