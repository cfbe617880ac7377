import type { Config } from "../config/schema";
import type { ResultsSink } from "../substrate/substrate";
import { backendDescriptor, type OperatorName, type SharedDatastoreName } from "../names/backends";

/** What one stack's platform installs: cert-manager, metrics-server and monitoring always; the rest by backend. */
export interface PlatformPieces {
  readonly operator: OperatorName;
  readonly postgres: boolean;
  readonly mysql: boolean;
  /** For T4 (kine-t4, t4-standalone), or as the results sink of a cluster you bring. */
  readonly minio: boolean;
  readonly t4: boolean;
  readonly nats: boolean;
  readonly kamajiEtcd: boolean;
}

export function platformPieces(cfg: Config, resultsSink: Pick<ResultsSink, "kind">): PlatformPieces {
  const backend = backendDescriptor(cfg.fleet.backend);
  const needs = (d: SharedDatastoreName) => backend.datastores.includes(d);
  return {
    operator: backend.operator,
    postgres: needs("postgres"),
    mysql: needs("mysql"),
    minio: needs("minio") || resultsSink.kind === "minio",
    t4: needs("t4"),
    nats: needs("nats"),
    kamajiEtcd: needs("kamaji-etcd"),
  };
}
