/**
 * Load profile names. The profiles themselves live in
 * workloads/loadgen/profiles/ and the registry there must name exactly these,
 * so the config schema can check a profile without loading the load generator.
 */
export const profileNames = ["create-list", "watch-churn", "light", "mixed-hot", "mixed-uniform"] as const;

export type ProfileName = (typeof profileNames)[number];
