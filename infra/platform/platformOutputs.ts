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
}

export interface ObjectStore {
  /** http://host:port inside the cluster. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKey: pulumi.Output<string>;
  readonly secretKey: pulumi.Output<string>;
  /** Secret (namespace `data`) with keys `accessKey` and `secretKey`. */
  readonly credentialsSecretName: string;
}

/**
 * What the platform hands the fleet: how to reach each shared datastore that
 * this stack's backend needs (undefined when not created), and the resources
 * (operators, CRDs, datastores) the fleet must wait for.
 */
export interface Platform {
  readonly postgres?: SqlServer;
  readonly mysql?: SqlServer;
  readonly minio?: ObjectStore;
  /** T4 standalone: etcd-API endpoints (`http://host:port`). */
  readonly t4?: { readonly endpoints: readonly string[] };
  /** NATS with JetStream: client URL `nats://host:4222`. */
  readonly nats?: { readonly url: string };
  /** kamaji-etcd: client endpoints `host:port` and the Secret with its client TLS material. */
  readonly kamajiEtcd?: { readonly endpoints: readonly string[]; readonly tlsSecretName: string; readonly tlsSecretNamespace: string };
  readonly ready: pulumi.Resource[];
}
