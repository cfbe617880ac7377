import { quantile } from "./quantile";

/** One Prometheus range-query series: a pod's value at each step. */
export interface PodSeries {
  readonly pod: string;
  /** [unix seconds, value] at the query's steps. */
  readonly points: readonly (readonly [number, number])[];
}

/** Peak usage of a group of pods: the group at its busiest moment, and each unit (one HCP, one datastore) at its own. */
export interface PeakUsage {
  /** Max over time of the sum over every pod of the group. */
  readonly total?: number;
  /** Each unit's own peak (max over time of the sum over its pods), by unit. */
  readonly units: Readonly<Record<string, number>>;
  readonly p50?: number;
  readonly p95?: number;
  readonly max?: number;
}

/**
 * Peaks of a pod group from per-pod series. `unitOf` maps a pod to the unit it
 * belongs to (the HCP for HCP pods, so an HA HCP's three replicas add up to one
 * HCP); pods it does not know count as their own unit.
 */
export function peakUsage(series: readonly PodSeries[], unitOf: (pod: string) => string | undefined = () => undefined): PeakUsage {
  const totalAt = new Map<number, number>();
  const unitAt = new Map<string, Map<number, number>>();
  for (const s of series) {
    const unit = unitOf(s.pod) ?? s.pod;
    let perT = unitAt.get(unit);
    if (!perT) unitAt.set(unit, (perT = new Map()));
    for (const [t, v] of s.points) {
      if (!Number.isFinite(v)) continue;
      totalAt.set(t, (totalAt.get(t) ?? 0) + v);
      perT.set(t, (perT.get(t) ?? 0) + v);
    }
  }
  const units: Record<string, number> = {};
  for (const [unit, perT] of unitAt) if (perT.size > 0) units[unit] = Math.max(...perT.values());
  const peaks = Object.values(units);
  return {
    ...(totalAt.size > 0 ? { total: Math.max(...totalAt.values()) } : {}),
    units,
    ...(peaks.length > 0 ? { p50: quantile(peaks, 0.5), p95: quantile(peaks, 0.95), max: Math.max(...peaks) } : {}),
  };
}

/** Max over time and series of a scalar metric (workqueue depth, request rate). */
export function seriesMax(series: readonly PodSeries[]): number | undefined {
  let max: number | undefined;
  for (const s of series) for (const [, v] of s.points) if (Number.isFinite(v) && (max === undefined || v > max)) max = v;
  return max;
}
