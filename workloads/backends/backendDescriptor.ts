/**
 * What the rest of hcpbench needs to know about a storage backend before any
 * object is built: the config schema, the platform (which shared datastores to
 * run), `plan`, the sweep and the report all read these fields from the registry.
 */
export type OperatorName = "k0smotron" | "kamaji";

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
  /** One line for `plan`, the README and the report. */
  readonly summary: string;
}
