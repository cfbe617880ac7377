import type { Config } from "../../infra/config/schema";
import type { Platform } from "../../infra/platform/platformOutputs";
import type { Placement } from "../../infra/substrate/substrate";
import type { KubeObject, Value } from "../fleet/kubeObject";
import type { BackendDescriptor } from "../../infra/names/backends";

/** Everything a backend's builders may read about the fleet being built. */
export interface FleetContext {
  readonly fleet: Config["fleet"];
  /** Namespace of the HCPs and their Secrets. */
  readonly namespace: string;
  /** The hcp pool (empty on an existing cluster). */
  readonly placement: Placement;
  /** Storage class for volumes inside an HCP (per-HCP etcd, embedded NATS). */
  readonly storageClass: Value;
  /** The shared datastores the platform runs for this backend. */
  readonly platform: Platform;
}

export interface HcpContext {
  /** 0-based position in the fleet. */
  readonly index: number;
  readonly name: string;
  /** This HCP's own database password (backends with `perHcpDatabase`); a Pulumi secret in the program. */
  readonly databasePassword?: Value;
}

/** One HCP as objects: the control-plane resource Pulumi waits on, and what only it uses (created first). */
export interface HcpObjects {
  readonly hcp: KubeObject;
  readonly companions: readonly KubeObject[];
}

/** A storage backend: its descriptor plus the pure builders of its fleet objects. */
export interface Backend extends BackendDescriptor {
  /** SQL engine on which each HCP gets its own database and user (created by an init Job before the HCPs). */
  readonly perHcpDatabase?: "postgres" | "mysql";
  /** Objects built once per fleet before any HCP: a shared Kamaji DataStore, a credentials Secret. */
  fleetObjects(ctx: FleetContext): KubeObject[];
  hcpObjects(hcp: HcpContext, ctx: FleetContext): HcpObjects;
}

/** A datastore the backend cannot run without; the platform creates it from the descriptor's `datastores`. */
export function required<T>(value: T | undefined, what: string, backend: string): T {
  if (value === undefined) {
    throw new Error(`${backend}: the platform provides no ${what}, which this backend needs (descriptor datastores list it; see infra/platform)`);
  }
  return value;
}
