/** Where everything hcpbench installs lives. One place, so every layer and test agrees. */
export const namespaces = {
  certManager: "cert-manager",
  /** Fixed by k0smotron's standalone manifest. */
  k0smotron: "k0smotron",
  kamaji: "kamaji-system",
  monitoring: "monitoring",
  /** Shared datastores: PostgreSQL, MySQL, MinIO, T4, NATS, kamaji-etcd. */
  data: "hcpbench-data",
  /** The HCP fleet: k0smotron Clusters or Kamaji TenantControlPlanes and their Secrets. */
  fleet: "hcpbench-fleet",
  /** Bench Jobs and their service account. */
  bench: "hcpbench-bench",
} as const;

/** The bench Jobs run as this service account; on AWS its IRSA role may write only under the results prefix. */
export const benchServiceAccount = "hcpbench-bench";

/** Label on every node of a pool, and key of the matching taint. */
export const poolLabel = "hcpbench.io/pool";
