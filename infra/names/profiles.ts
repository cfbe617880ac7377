/**
 * Load profile names. The profiles themselves live in
 * workloads/loadgen/profiles/ and the registry there must name exactly these,
 * so the config schema can check a profile without loading the load generator.
 */
export const profileNames = ["create-list", "watch-churn", "light", "mixed-hot", "mixed-uniform"] as const;

export type ProfileName = (typeof profileNames)[number];

/**
 * mixed-hot's share of hot HCPs when none is given (the load generator's --hot-fraction
 * default): the bench Job never gives one, so its sharded pods split exactly this many hot HCPs.
 */
export const defaultHotFraction = 0.1;

/** mixed-hot's hot HCPs out of `count` at `fraction`: the first ceil(fraction x count), at least one. */
export function hotHcpCount(count: number, fraction = defaultHotFraction): number {
  return Math.min(count, Math.max(1, Math.ceil(fraction * count)));
}
