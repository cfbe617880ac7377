import { strategicPatch, type ComponentPatch } from "./componentPatches";
import { fleetLabels, type KubeObject, type Value } from "./kubeObject";

/** Fleet-wide Secret with MinIO credentials under the names kine's T4 driver reads from its environment. */
export const t4CredentialsSecretName = "t4-s3-credentials";
export const t4CredentialKeys = { accessKey: "T4_S3_ACCESS_KEY_ID", secretKey: "T4_S3_SECRET_ACCESS_KEY" } as const;

export function t4CredentialsSecret(namespace: string, backend: string, accessKey: Value, secretKey: Value): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: t4CredentialsSecretName, namespace, labels: fleetLabels(backend) },
    type: "Opaque",
    stringData: { [t4CredentialKeys.accessKey]: accessKey, [t4CredentialKeys.secretKey]: secretKey },
  };
}

/** The k0s container in k0smotron's StatefulSet (kine runs as its child process and inherits its environment). */
const k0sContainer = "controller";

/**
 * Gives the k0s container the T4 credentials from the fleet Secret, and for
 * more than one replica makes the StatefulSet's pods resolvable through the
 * HCP's headless peer Service (T4 followers stream the WAL from the leader).
 */
export function t4ControlPlanePatch(peerServiceName: string | undefined): ComponentPatch {
  const env = Object.values(t4CredentialKeys).map((key) => ({
    name: key,
    valueFrom: { secretKeyRef: { name: t4CredentialsSecretName, key } },
  }));
  const spec: Record<string, unknown> = { template: { spec: { containers: [{ name: k0sContainer, env }] } } };
  if (peerServiceName) {
    spec.serviceName = peerServiceName;
    // Peers must find each other before any is Ready: start all pods at once.
    spec.podManagementPolicy = "Parallel";
  }
  return strategicPatch("StatefulSet", "control-plane", { spec });
}

export const t4PeerPort = 3380;

export function t4PeerServiceName(hcpName: string): string {
  return `${hcpName}-t4-peers`;
}

/**
 * Headless Service over one HCP's k0s pods, for T4's peer stream. The
 * selector is k0smotron's pod labels (app=k0smotron, cluster=<name>,
 * component=cluster); not-ready pods are published so the peers can elect a leader.
 */
export function t4PeerService(hcpName: string, namespace: string, backend: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: t4PeerServiceName(hcpName), namespace, labels: fleetLabels(backend) },
    spec: {
      clusterIP: "None",
      publishNotReadyAddresses: true,
      selector: { app: "k0smotron", cluster: hcpName, component: "cluster" },
      ports: [{ name: "t4-peer", port: t4PeerPort, targetPort: t4PeerPort }],
    },
  };
}
