/**
 * What the rest of hcpbench needs to know about a storage backend before any
 * object is built: the config schema, the platform (which shared datastores to
 * run), `plan`, the sweep and the report all read these fields. The builders
 * live in workloads/backends/<name>.ts and bind to these entries by name, so
 * loading config never loads a fleet builder.
 */
export const operatorNames = ["k0smotron", "kamaji"] as const;
export type OperatorName = (typeof operatorNames)[number];

/** Shared datastores the platform layer can run; each lives in its own module under infra/platform/. */
export type SharedDatastoreName = "postgres" | "mysql" | "minio" | "t4" | "nats" | "kamaji-etcd";

export interface BackendDescriptor {
  /** Stack-facing name, also the first part of the stack name (`<name>-<count>`). */
  readonly name: string;
  readonly operator: OperatorName;
  /** Shared datastores the platform must run for this backend (created only when some backend needs them). */
  readonly datastores: readonly SharedDatastoreName[];
  /** Storage that lives inside the HCP pod cannot be shared by replicas, so such backends allow 1. */
  readonly maxReplicas: 1 | 3;
  /** The operator refuses a change of replicas once the HCP exists, so a running stack keeps its count. */
  readonly replicasFixedAtCreation?: true;
  /** One line for `plan`, the README and the report. */
  readonly summary: string;
}

/** Every storage backend hcpbench can deploy, in the order `plan`, the sweep and the report list them. */
export const backendDescriptors = [
  { name: "etcd", operator: "k0smotron", datastores: [], maxReplicas: 3, summary: "k0smotron Cluster with a per-HCP etcd StatefulSet" },
  {
    name: "kine-postgres",
    operator: "k0smotron",
    datastores: ["postgres"],
    maxReplicas: 3,
    summary: "k0smotron Cluster, kine on the shared PostgreSQL server (one database per HCP)",
  },
  {
    name: "kine-mysql",
    operator: "k0smotron",
    datastores: ["mysql"],
    maxReplicas: 3,
    summary: "k0smotron Cluster, kine on the shared MySQL server (one database per HCP)",
  },
  { name: "kine-sqlite", operator: "k0smotron", datastores: [], maxReplicas: 1, summary: "k0smotron Cluster, kine on SQLite inside the HCP pod" },
  {
    name: "kine-nats-embedded",
    operator: "k0smotron",
    datastores: [],
    // k0smotron runs the replicas' embedded NATS servers as one cluster, sized when the Cluster is created;
    // its webhook accepts any count at creation and refuses a later change of replicas for NATS storage
    // (api/k0smotron.io/v1beta2/k0smotroncluster_webhook.go, ValidateClusterSpecUpdate). The published HA run used 3.
    maxReplicas: 3,
    replicasFixedAtCreation: true,
    summary: "k0smotron Cluster, kine on NATS JetStream embedded in the HCP pod (experimental)",
  },
  { name: "kine-t4", operator: "k0smotron", datastores: ["minio"], maxReplicas: 3, summary: "k0smotron Cluster, kine's T4 driver on MinIO object storage" },
  {
    name: "t4-standalone",
    operator: "k0smotron",
    datastores: ["minio", "t4"],
    maxReplicas: 3,
    summary: "k0smotron Cluster using a shared T4 server (etcd API on MinIO) as external etcd",
  },
  { name: "kamaji-etcd", operator: "kamaji", datastores: ["kamaji-etcd"], maxReplicas: 3, summary: "Kamaji TenantControlPlane on a shared kamaji-etcd DataStore" },
  {
    name: "kamaji-postgres",
    operator: "kamaji",
    datastores: ["postgres"],
    maxReplicas: 3,
    summary: "Kamaji TenantControlPlane, kine on a shared PostgreSQL DataStore",
  },
  { name: "kamaji-mysql", operator: "kamaji", datastores: ["mysql"], maxReplicas: 3, summary: "Kamaji TenantControlPlane, kine on a shared MySQL DataStore" },
  {
    name: "kamaji-nats",
    operator: "kamaji",
    datastores: ["nats"],
    maxReplicas: 3,
    summary: "Kamaji TenantControlPlane, kine on a shared NATS JetStream server (one DataStore per HCP)",
  },
] as const satisfies readonly BackendDescriptor[];

export type BackendName = (typeof backendDescriptors)[number]["name"];
export const backendNames = backendDescriptors.map((b) => b.name) as [BackendName, ...BackendName[]];

export function isBackendName(name: string): name is BackendName {
  return (backendNames as readonly string[]).includes(name);
}

export function backendDescriptor(name: string): BackendDescriptor {
  const found = backendDescriptors.find((b) => b.name === name);
  if (!found) throw new Error(`unknown backend ${name}; known: ${backendNames.join(", ")}`);
  return found;
}
