/**
 * Readiness as Pulumi awaits it: the Kubernetes provider (4.18+) holds a
 * resource's create until the `pulumi.com/waitFor` expression holds, so the
 * next creation wave and the bench start only once an HCP is Ready.
 */
export const waitForAnnotation = "pulumi.com/waitFor";

/**
 * What proves an HCP serves requests. k0smotron v2.1.0 sets `ControlPlaneFunctional`
 * True once it has read `kube-system` through the HCP's kubeconfig (which needs the
 * kubeconfig Secret first). Its `Available` also summarises `ControlPlaneExposed`, which
 * stays False without `spec.externalAddress`, so on our ClusterIP Services it never turns
 * True (internal/controller/k0smotron.io/k0smotroncluster_status.go). Kamaji: the version status.
 */
export const k0smotronFunctionalCondition = "ControlPlaneFunctional";
export const hcpReadyExpressions = {
  Cluster: `condition=${k0smotronFunctionalCondition}`,
  TenantControlPlane: "jsonpath={.status.kubernetesResources.version.status}=Ready",
} as const;

export type HcpKind = keyof typeof hcpReadyExpressions;

/** The Kubernetes provider's switch to create a resource without awaiting any readiness. */
export const skipAwaitAnnotation = "pulumi.com/skipAwait";

/** `awaitReady` false (fleet.awaitReady): created and left, for clusters where HCPs never come up. */
export function hcpReadyAnnotations(kind: HcpKind, awaitReady = true): Record<string, string> {
  return awaitReady ? { [waitForAnnotation]: hcpReadyExpressions[kind] } : { [skipAwaitAnnotation]: "true" };
}

/**
 * How long Pulumi waits for one HCP. Generous: with creation waves an HCP may
 * queue behind others in the operator (Kamaji reconciles a bounded number of
 * TenantControlPlanes at once), and pulling images on a fresh node takes minutes.
 */
export const hcpReadyTimeout = "40m";
