import * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../infra/config/schema";
import { parseConfig } from "../../infra/config/stackFiles";
import type { Platform } from "../../infra/platform/platformOutputs";
import type { Placement } from "../../infra/substrate/substrate";
import type { FleetContext } from "../../workloads/backends/backend";

/**
 * A Platform as the platform layer hands it over, written by hand so the
 * fleet builders can be tested on their own: every shared datastore present,
 * with the shapes of infra/platform/platformOutputs.ts.
 */
export function handmadePlatform(): Platform {
  return {
    postgres: {
      engine: "postgres",
      host: "postgres.hcpbench-data.svc.cluster.local",
      port: 5432,
      adminSecretName: "postgres-admin",
      adminPassword: pulumi.secret("pg-admin-pw"),
      image: "postgres:16.10",
    },
    mysql: {
      engine: "mysql",
      host: "mysql.hcpbench-data.svc.cluster.local",
      port: 3306,
      adminSecretName: "mysql-admin",
      adminPassword: pulumi.secret("my-admin-pw"),
      image: "mysql:8.4.6",
    },
    minio: {
      endpoint: "http://minio.hcpbench-data.svc.cluster.local:9000",
      bucket: "hcpbench-t4",
      region: "us-east-1",
      accessKey: pulumi.secret("minio-access"),
      secretKey: pulumi.secret("minio-secret"),
      credentialsSecretName: "minio-credentials",
    },
    t4: { endpoints: ["http://t4.hcpbench-data.svc.cluster.local:3379"] },
    nats: { url: "nats://nats.hcpbench-data.svc.cluster.local:4222", adminSecretName: "nats-admin" },
    kamajiEtcd: {
      endpoints: ["kamaji-etcd-0.kamaji-etcd.kamaji-system.svc.cluster.local:2379", "kamaji-etcd-1.kamaji-etcd.kamaji-system.svc.cluster.local:2379"],
      tlsSecretName: "kamaji-etcd-root-client",
      tlsSecretNamespace: "kamaji-system",
      caSecretName: "kamaji-etcd-ca",
      dataStoreTls: {
        caCertificate: { name: "kamaji-etcd-ca", namespace: "kamaji-system", keyPath: "tls.crt" },
        caPrivateKey: { name: "kamaji-etcd-ca", namespace: "kamaji-system", keyPath: "tls.key" },
        clientCertificate: { name: "kamaji-etcd-root-client", namespace: "kamaji-system", keyPath: "tls.crt" },
        clientPrivateKey: { name: "kamaji-etcd-root-client", namespace: "kamaji-system", keyPath: "tls.key" },
      },
    },
    ready: [],
  };
}

/** The AWS hcp pool: labelled, untainted. */
export const hcpPoolPlacement: Placement = { nodeSelector: { "hcpbench.io/pool": "hcp" }, tolerations: [] };

export function fleetConfig(fleet: Record<string, unknown>): Config {
  return parseConfig({ fleet });
}

export function fleetContext(cfg: Config, placement: Placement = hcpPoolPlacement): FleetContext {
  return { fleet: cfg.fleet, namespace: "hcpbench-fleet", placement, storageClass: "gp3-encrypted", platform: handmadePlatform() };
}

/** The value of a Pulumi input, resolved (outputs included). */
export function resolve<T>(value: pulumi.Input<T>): Promise<T> {
  return new Promise((done) => pulumi.output(value).apply((v) => done(v as T)));
}
