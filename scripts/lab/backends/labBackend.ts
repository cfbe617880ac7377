import type { LabBinaryName } from "../labBinaries";
import type { PortPlan } from "../labPorts";
import type { LabRun } from "../labRun";
import type { LabStorage } from "../labState";
import type { LabProcess } from "../labProcesses";

/** Options of `lab up` that some backends read. */
export interface LabBackendOptions {
  /** An existing PostgreSQL / MySQL server to use instead of starting one: its admin login. */
  readonly postgresAdminUrl?: string;
  readonly mysqlAdminUrl?: string;
  readonly dir: string;
  /** Path of the resolved kine binary (the NATS backend asks it whether it embeds NATS). */
  readonly kineBinary?: string;
}

/** How one HCP's API server reaches its storage. */
export interface HcpStorage {
  readonly etcdServers: string;
  readonly etcdPrefix: string;
  readonly storage: LabStorage;
  readonly kine?: LabProcess;
}

export interface StartedBackend {
  /** Starts what the HCP needs besides its API server (its kine, its database) and says how to reach it. */
  storageFor(run: LabRun, hcp: string): Promise<HcpStorage>;
}

/** Checked and planned (ports reserved), nothing started. */
export interface PlannedBackend {
  start(run: LabRun): Promise<StartedBackend>;
}

/**
 * One storage backend of the lab. `plan` runs before anything starts: it
 * checks what the backend needs (binaries, servers, admin logins) and throws
 * InputError on bad input; `start` then brings up the shared storage.
 */
export interface LabBackend {
  readonly name: string;
  /** Upstream programs it runs (kube-apiserver is implied). */
  readonly binaries: readonly LabBinaryName[];
  plan(ports: PortPlan, hcps: readonly string[], opts: LabBackendOptions): Promise<PlannedBackend>;
}
