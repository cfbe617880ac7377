import type { SecretKeyRef } from "../../infra/platform/platformOutputs";
import { fleetLabels, type KubeObject } from "./kubeObject";

const ref = (r: SecretKeyRef) => ({ secretReference: { name: r.name, namespace: r.namespace, keyPath: r.keyPath } });

export type DataStoreAuth =
  | { readonly kind: "basicAuth"; readonly username: SecretKeyRef; readonly password: SecretKeyRef }
  /** etcd: Kamaji signs each tenant's client certificate with the CA, so it needs the CA key as well as its own client pair. */
  | {
      readonly kind: "etcdTls";
      readonly caCertificate: SecretKeyRef;
      readonly caPrivateKey: SecretKeyRef;
      readonly clientCertificate: SecretKeyRef;
      readonly clientPrivateKey: SecretKeyRef;
    };

export interface DataStoreArgs {
  readonly name: string;
  readonly backend: string;
  readonly driver: "etcd" | "MySQL" | "PostgreSQL" | "NATS";
  /** `host:port`, no scheme (the CRD's contract). */
  readonly endpoints: readonly string[];
  readonly auth: DataStoreAuth;
}

/**
 * A cluster-scoped kamaji.clastix.io/v1alpha1 DataStore. Credentials are only
 * ever Secret references; Kamaji creates each tenant's database and user
 * itself with these admin credentials.
 */
export function kamajiDataStore(args: DataStoreArgs): KubeObject {
  const { auth } = args;
  const credentials =
    auth.kind === "basicAuth"
      ? { basicAuth: { username: ref(auth.username), password: ref(auth.password) } }
      : {
          tlsConfig: {
            certificateAuthority: { certificate: ref(auth.caCertificate), privateKey: ref(auth.caPrivateKey) },
            clientCertificate: { certificate: ref(auth.clientCertificate), privateKey: ref(auth.clientPrivateKey) },
          },
        };
  return {
    apiVersion: "kamaji.clastix.io/v1alpha1",
    kind: "DataStore",
    metadata: { name: args.name, labels: fleetLabels(args.backend) },
    spec: { driver: args.driver, endpoints: [...args.endpoints], ...credentials },
  };
}

/** `nats://host:4222` or `http://host:2379` -> `host:port`, the form DataStore endpoints take. */
export function hostPort(url: string): string {
  const u = new URL(url);
  if (!u.port) throw new Error(`${url}: a DataStore endpoint needs an explicit port`);
  return `${u.hostname}:${u.port}`;
}
