import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { namespaces } from "../../infra/namespaces";
import { initSqlKey, perHcpInitJob, perHcpInitSql, type HcpDatabase } from "../../infra/platform/datastores/perHcpDatabases";
import type { SqlServer } from "../../infra/platform/platformOutputs";
import type { Placement } from "../../infra/substrate/substrate";
import { hcpDatabaseName } from "./hcpNames";
import { hcpDatabasePassword } from "./hcpPasswords";
import type { KubeObject, Value } from "./kubeObject";

/** Each HCP's database and user (same name, `hcp_001`) with its derived password. */
export function hcpDatabases(names: readonly string[], master: string): HcpDatabase[] {
  return names.map((n) => ({ database: hcpDatabaseName(n), user: hcpDatabaseName(n), password: hcpDatabasePassword(master, n) }));
}

/**
 * Name of the init Secret and Job. A Job cannot be changed once created, so
 * the name carries a digest of the database list: a fleet of another size
 * gets a new Job (Pulumi replaces it) and the SQL runs again.
 */
export function perHcpInitName(engine: SqlServer["engine"], names: readonly string[]): string {
  const digest = createHash("sha256").update(`${engine}\n${names.join("\n")}`).digest("hex").slice(0, 10);
  return `hcp-databases-${digest}`;
}

/** The Secret (namespace `data`, where the Job runs) holding the init SQL, which contains every HCP's password. */
export function initSqlSecret(name: string, sql: Value): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace: namespaces.data, labels: { "app.kubernetes.io/part-of": "hcpbench" } },
    type: "Opaque",
    stringData: { [initSqlKey]: sql },
  };
}

export interface PerHcpDatabaseObjects {
  readonly sqlSecret: KubeObject;
  readonly job: KubeObject;
  /** The HCP's password, a secret output derived from the master. */
  password(hcpName: string): pulumi.Output<string>;
}

/**
 * The SQL that creates one database and user per HCP and the Job that runs it
 * (both from the platform's infra/platform/datastores/perHcpDatabases.ts).
 * Passwords only ever exist inside applies on the master secret.
 */
export function perHcpDatabaseObjects(args: {
  readonly server: SqlServer;
  readonly names: readonly string[];
  readonly master: pulumi.Output<string>;
  readonly placement: Placement;
}): PerHcpDatabaseObjects {
  const { server, names, master } = args;
  const name = perHcpInitName(server.engine, names);
  const sql = pulumi.secret(master.apply((m) => perHcpInitSql(server.engine, hcpDatabases(names, m))));
  const job = perHcpInitJob({ name, namespace: namespaces.data, server, sqlSecretName: name, placement: args.placement });
  return {
    sqlSecret: initSqlSecret(name, sql),
    job: job as KubeObject,
    password: (hcp) => pulumi.secret(master.apply((m) => hcpDatabasePassword(m, hcp))),
  };
}
