import type { Config } from "../config/schema";
import { namespaces } from "../namespaces";
import type { PlatformComponentName } from "../names/platformComponents";
import { backendDescriptor } from "../names/backends";
import { minioRootLogin } from "../names/minioRootLogin";
import { minioT4SecretName } from "./datastores/minioRelease";
import { natsAuthSecretName } from "./datastores/natsRelease";
import { kamajiEtcdCaSecretName, kamajiEtcdClientSecretName } from "./kamaji/kamajiEtcdRelease";
import type { PlatformPieces } from "./platformPieces";

/** One thing the cluster must already have for a component set to `present`. */
export type PresentRequirement =
  | { readonly kind: "CustomResourceDefinition" | "APIService" | "Namespace"; readonly name: string }
  | { readonly kind: "Service"; readonly namespace: string; readonly name: string }
  | { readonly kind: "Secret"; readonly namespace: string; readonly name: string; readonly keys: readonly string[] };

export interface PresentComponent {
  readonly component: PlatformComponentName;
  readonly requires: readonly PresentRequirement[];
}

const crd = (name: string): PresentRequirement => ({ kind: "CustomResourceDefinition", name });
const service = (namespace: string, name: string): PresentRequirement => ({ kind: "Service", namespace, name });
const secret = (namespace: string, name: string, keys: readonly string[]): PresentRequirement => ({ kind: "Secret", namespace, name, keys });

/** Keys of the T4 user's Secret: the ObjectStore contract and what the T4 chart reads. */
export const minioT4Keys = ["accessKey", "secretKey", "T4_S3_ACCESS_KEY_ID", "T4_S3_SECRET_ACCESS_KEY"] as const;

/**
 * What each `present` component this stack uses must provide, read by the
 * preflight before `up`. It is what the layers above take from that component:
 * the CRDs and API group of the cluster services and the operator, and the
 * fixed in-cluster names (Service, Secrets and their keys) the fleet and the
 * bench are wired to. A present datastore lives in its namespace, which is
 * then the cluster's too: hcpbench neither creates nor deletes it.
 * Components the backend does not use are not listed, whatever their setting.
 */
export function presentComponents(cfg: Config, pieces: PlatformPieces): PresentComponent[] {
  const present = (c: PlatformComponentName) => cfg.platform.components[c] === "present";
  const data = { kind: "Namespace", name: namespaces.data } as const;
  const out: PresentComponent[] = [];
  if (present("certManager")) out.push({ component: "certManager", requires: [crd("certificates.cert-manager.io"), crd("issuers.cert-manager.io")] });
  if (present("monitoring")) out.push({ component: "monitoring", requires: [crd("servicemonitors.monitoring.coreos.com"), crd("podmonitors.monitoring.coreos.com")] });
  if (present("metricsServer")) out.push({ component: "metricsServer", requires: [{ kind: "APIService", name: "v1beta1.metrics.k8s.io" }] });
  if (present("operator")) {
    out.push({
      component: "operator",
      requires:
        pieces.operator === "k0smotron"
          ? [crd("clusters.k0smotron.io")]
          : [crd("tenantcontrolplanes.kamaji.clastix.io"), crd("datastores.kamaji.clastix.io"), ...(pieces.kamajiEtcd ? [{ kind: "Namespace", name: namespaces.kamaji } as const] : [])],
    });
  }
  if (pieces.minio && present("minio")) {
    // The T4 user is needed only where T4 stores in MinIO; the root login is what the results sink uses.
    const t4User = backendDescriptor(cfg.fleet.backend).datastores.includes("minio");
    out.push({
      component: "minio",
      requires: [data, service(namespaces.data, "minio"), secret(namespaces.data, minioRootLogin.secretName, minioRootLogin.keys), ...(t4User ? [secret(namespaces.data, minioT4SecretName, minioT4Keys)] : [])],
    });
  }
  if (pieces.t4 && present("t4")) out.push({ component: "t4", requires: [data, service(namespaces.data, "t4")] });
  if (pieces.nats && present("nats")) out.push({ component: "nats", requires: [data, service(namespaces.data, "nats"), secret(namespaces.data, natsAuthSecretName, ["username", "password"])] });
  if (pieces.kamajiEtcd && present("kamajiEtcd")) {
    out.push({
      component: "kamajiEtcd",
      requires: [
        { kind: "Namespace", name: namespaces.kamaji },
        service(namespaces.kamaji, "kamaji-etcd"),
        secret(namespaces.kamaji, kamajiEtcdCaSecretName, ["tls.crt", "tls.key"]),
        secret(namespaces.kamaji, kamajiEtcdClientSecretName, ["tls.crt", "tls.key"]),
      ],
    });
  }
  return out;
}
