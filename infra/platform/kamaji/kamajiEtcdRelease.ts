import { namespaces } from "../../namespaces";
import type { Placement } from "../../substrate/substrate";
import type * as pulumi from "@pulumi/pulumi";
import { charts, type HelmReleaseSpec } from "../helmReleaseSpec";
import { placementValues } from "../podPlacement";
import type { KubeObject } from "../../kubernetes/kubeObject";

/** Release (and so object) name; the chart names its StatefulSet, Services and Secrets after it. */
const fullname = "kamaji-etcd";
const replicas = 3;
const clientPort = 2379;

/** The self-signed issuer that signs kamaji-etcd's CA (cert-manager mode: no cfssl/kubectl jobs). */
export const kamajiEtcdIssuerName = "hcpbench-selfsigned";

/** Where the fleet's etcd DataStore points: the chart's per-member names and its cert-manager Secrets. */
export const kamajiEtcdEndpoints = Array.from({ length: replicas }, (_, i) => `${fullname}-${i}.${fullname}.${namespaces.kamaji}.svc.cluster.local:${clientPort}`);
/** Keys tls.crt / tls.key: the CA Kamaji signs each tenant's etcd user certificate with. */
export const kamajiEtcdCaSecretName = `${fullname}-ca`;
/** Keys tls.crt / tls.key: the root client certificate (O=system:masters). */
export const kamajiEtcdClientSecretName = `${fullname}-client-certs`;

export function kamajiEtcdIssuer(): KubeObject {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Issuer",
    metadata: { name: kamajiEtcdIssuerName, namespace: namespaces.kamaji },
    spec: { selfSigned: {} },
  };
}

/**
 * The shared etcd for kamaji-etcd fleets, from the separate kamaji-etcd chart
 * so its version is pinned (the bundled copy follows Kamaji's `latest`).
 * Three members, as Kamaji's own benchmark ran, on the control pool with io2 volumes.
 */
export function kamajiEtcdRelease(placement: Placement, storageClass: pulumi.Input<string>): HelmReleaseSpec {
  const where = placementValues(placement);
  return {
    name: fullname,
    namespace: namespaces.kamaji,
    ...charts.kamajiEtcd,
    timeoutSeconds: 900,
    values: {
      fullnameOverride: fullname,
      replicas,
      clientPort,
      image: { tag: "v3.5.21" },
      persistentVolumeClaim: { size: "20Gi", storageClassName: storageClass },
      resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "4Gi" } },
      ...where,
      jobs: { ...where },
      selfSignedCertificates: { enabled: false },
      certManager: { enabled: true, issuerRef: { name: kamajiEtcdIssuerName, kind: "Issuer", group: "cert-manager.io" } },
      // The fleet registers the DataStore itself, from Platform.kamajiEtcd.
      datastore: { enabled: false },
    },
  };
}
