import { fleetLabels, type KubeObject, type Value } from "./kubeObject";

/** The Secret key k0smotron reads a kine data source from (storage.kine.dataSourceSecretName). */
export const kineDataSourceKey = "K0SMOTRON_KINE_DATASOURCE_URL";

export interface SqlDataSource {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

/** kine's PostgreSQL data source: a libpq URL. The in-cluster server has no TLS (as in the original run). */
export function postgresDataSource(d: SqlDataSource): string {
  const auth = `${encodeURIComponent(d.user)}:${encodeURIComponent(d.password)}`;
  return `postgres://${auth}@${d.host}:${d.port}/${encodeURIComponent(d.database)}?sslmode=disable`;
}

/** kine's MySQL data source: the go-sql-driver DSN after the scheme, `user:pass@tcp(host:port)/db`. */
export function mysqlDataSource(d: SqlDataSource): string {
  if (/[@/]/.test(d.user) || /[@/]/.test(d.database)) throw new Error(`mysql data source: user and database must not contain "@" or "/"`);
  return `mysql://${d.user}:${d.password}@tcp(${d.host}:${d.port})/${d.database}`;
}

/** SQLite inside the HCP pod, on k0s's data volume: k0s's own default data source, written out. */
export const sqliteDataSource = "sqlite:///var/lib/k0s/db/state.db?mode=rwc&_journal=WAL";

export interface T4DataSourceArgs {
  readonly bucket: string;
  /** Key prefix of this HCP's data; distinct per HCP so HCPs share one bucket safely. */
  readonly prefix: string;
  readonly endpoint: string;
  readonly region: string;
  /** FQDN of a headless Service over the HCP's pods; set for more than one replica (T4 peers stream the WAL). */
  readonly peerServiceFqdn?: string;
}

/**
 * kine's T4 driver (t4db/kine pkg/drivers/t4): `t4://bucket/prefix?params`.
 * Credentials are not part of the URL: the driver reads T4_S3_ACCESS_KEY_ID
 * and T4_S3_SECRET_ACCESS_KEY from the environment.
 */
export function t4DataSource(a: T4DataSourceArgs): string {
  const q = new URLSearchParams({ "data-dir": "/var/lib/k0s/t4", "s3-endpoint": a.endpoint, region: a.region });
  if (a.peerServiceFqdn) q.set("service-name", a.peerServiceFqdn);
  return `t4://${a.bucket}/${a.prefix}?${q.toString()}`;
}

export function kineDataSourceSecretName(hcpName: string): string {
  return `${hcpName}-kine-datasource`;
}

/**
 * The Secret k0smotron injects into the HCP pod as an environment variable;
 * the URL (with the HCP's own database password) never appears in the Cluster
 * object. The program passes the URL as a Pulumi secret.
 */
export function kineDataSourceSecret(hcpName: string, namespace: string, backend: string, url: Value): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: kineDataSourceSecretName(hcpName), namespace, labels: fleetLabels(backend) },
    type: "Opaque",
    stringData: { [kineDataSourceKey]: url },
  };
}
