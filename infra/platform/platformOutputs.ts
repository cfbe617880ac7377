import type * as pulumi from "@pulumi/pulumi";

/** A shared SQL server the fleet creates per-HCP databases on. */
export interface SqlServer {
  readonly engine: "postgres" | "mysql";
  /** In-cluster DNS name of the server's Service. */
  readonly host: string;
  readonly port: number;
  /** Secret (namespace `data`) holding the admin user's credentials, keys `username` and `password`. */
  readonly adminSecretName: string;
  readonly adminPassword: pulumi.Output<string>;
  /** The server's pinned image (`postgres:16.10`, `mysql:8.4.6`); it also carries the engine's client, which the init Job uses. */
  readonly image: string;
}

/** One key of a Secret, as Kamaji's DataStore references it. */
export interface SecretKeyRef {
  readonly name: string;
  readonly namespace: string;
  readonly keyPath: string;
}

export interface ObjectStore {
  /** http://host:port inside the cluster. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKey: pulumi.Output<string>;
  readonly secretKey: pulumi.Output<string>;
  /**
   * Secret (namespace `data`) with keys `accessKey` and `secretKey`. These are
   * MinIO's T4 user, allowed only the T4 bucket, not MinIO's root login.
   */
  readonly credentialsSecretName: string;
}

/**
 * What the platform hands the fleet: how to reach each shared datastore that
 * this stack's backend needs (undefined when not created), and the resources
 * (operators, CRDs, datastores, monitoring CRDs) the fleet must wait for.
 * Per-HCP objects come from the platform's pure builders, which the fleet
 * imports: datastores/perHcpDatabases.ts (database and login per HCP) and
 * monitoring/hcpApiServerMonitor.ts (Prometheus scraping each API server).
 */
export interface Platform {
  readonly postgres?: SqlServer;
  readonly mysql?: SqlServer;
  readonly minio?: ObjectStore;
  /** T4 standalone: etcd-API endpoints (`http://host:port`). */
  readonly t4?: { readonly endpoints: readonly string[] };
  /** NATS with JetStream: client URL `nats://host:4222`; the server requires the login in `adminSecretName` (namespace `data`, keys `username` / `password`). */
  readonly nats?: { readonly url: string; readonly adminSecretName: string };
  /**
   * kamaji-etcd: client endpoints `host:port`; `tlsSecretName` holds the root
   * client certificate (tls.crt / tls.key) and `caSecretName` the CA
   * (tls.crt / tls.key) Kamaji signs each tenant's etcd user with, both in
   * namespace `tlsSecretNamespace` (cert-manager issues both). `dataStoreTls`
   * spells out the four references an etcd DataStore's tlsConfig takes.
   */
  readonly kamajiEtcd?: {
    readonly endpoints: readonly string[];
    readonly tlsSecretName: string;
    readonly tlsSecretNamespace: string;
    readonly caSecretName: string;
    readonly dataStoreTls: {
      readonly caCertificate: SecretKeyRef;
      readonly caPrivateKey: SecretKeyRef;
      readonly clientCertificate: SecretKeyRef;
      readonly clientPrivateKey: SecretKeyRef;
    };
  };
  readonly ready: pulumi.Resource[];
}
