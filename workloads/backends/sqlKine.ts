import { hcpDatabaseName } from "../fleet/hcpNames";
import { k0smotronCluster } from "../fleet/k0smotronCluster";
import { kineDataSourceSecret, kineDataSourceSecretName, mysqlDataSource, postgresDataSource } from "../fleet/kineDataSource";
import * as pulumi from "@pulumi/pulumi";
import { required, type FleetContext, type HcpContext, type HcpObjects } from "./backend";

/**
 * kine-postgres and kine-mysql: each HCP's kine talks to its own database on
 * the shared server, as its own user. The URL (with that user's password)
 * lives only in a per-HCP Secret that k0smotron injects into the pod.
 */
export function sqlKineHcp(engine: "postgres" | "mysql", backend: string, hcp: HcpContext, ctx: FleetContext): HcpObjects {
  const server = required(ctx.platform[engine], `${engine} server`, backend);
  const password = required(hcp.databasePassword, `database password for ${hcp.name}`, backend);
  const db = hcpDatabaseName(hcp.name);
  const toUrl = engine === "postgres" ? postgresDataSource : mysqlDataSource;
  const url = pulumi.output(password).apply((pw) => toUrl({ host: server.host, port: server.port, database: db, user: db, password: pw }));
  return {
    hcp: k0smotronCluster({
      name: hcp.name,
      namespace: ctx.namespace,
      fleet: ctx.fleet,
      storage: { type: "kine", kine: { dataSourceSecretName: kineDataSourceSecretName(hcp.name) } },
      placement: ctx.placement,
    }),
    companions: [kineDataSourceSecret(hcp.name, ctx.namespace, backend, url)],
  };
}
