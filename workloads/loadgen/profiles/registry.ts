/**
 * Load profiles by name. Adding a profile: one new file in this folder and one
 * entry here; the config schema, the CLI and the bench Jobs read this list.
 */
export const profileNames = ["create-list", "watch-churn", "light", "mixed-hot", "mixed-uniform"] as const;
export type ProfileName = (typeof profileNames)[number];
