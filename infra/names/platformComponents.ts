/**
 * The platform pieces a stack installs from a Helm chart or a manifest, each of
 * which a cluster you bring may already run. Setting one to `present`
 * (`platform.components.<name>`) registers nothing of it: the preflight checks
 * the cluster has what it provides (scripts/automation/presentComponents.ts).
 * The PostgreSQL and MySQL servers are plain objects, not charts, and always installed.
 */
export const platformComponentNames = ["certManager", "monitoring", "metricsServer", "operator", "minio", "nats", "t4", "kamajiEtcd"] as const;
export type PlatformComponentName = (typeof platformComponentNames)[number];

export const componentModes = ["install", "present"] as const;
export type ComponentMode = (typeof componentModes)[number];
