/**
 * The q-quantile (0..1) of a small sample by linear interpolation between
 * closest ranks (R type 7, what numpy and Prometheus' quantile_over_time do).
 * Readiness has one value per HCP (10-1000), so exact is cheap; the original
 * bench's nearest-rank over raw samples jumps between HCPs at small N.
 */
export function quantile(values: readonly number[], q: number): number | undefined {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const pos = (xs.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo);
}
