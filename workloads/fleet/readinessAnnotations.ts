/**
 * Readiness as Pulumi awaits it: the Kubernetes provider (4.18+) holds a
 * resource's create until the `pulumi.com/waitFor` expression holds, so the
 * next creation wave and the bench start only once an HCP is Ready.
 */
export const waitForAnnotation = "pulumi.com/waitFor";

/** k0smotron v1beta2 reports readiness as the Available condition; Kamaji as the version status. */
export const hcpReadyExpressions = {
  Cluster: "condition=Available",
  TenantControlPlane: "jsonpath={.status.kubernetesResources.version.status}=Ready",
} as const;

export type HcpKind = keyof typeof hcpReadyExpressions;

export function hcpReadyAnnotations(kind: HcpKind): Record<string, string> {
  return { [waitForAnnotation]: hcpReadyExpressions[kind] };
}

/**
 * How long Pulumi waits for one HCP. Generous: with creation waves an HCP may
 * queue behind others in the operator (Kamaji reconciles a bounded number of
 * TenantControlPlanes at once), and pulling images on a fresh node takes minutes.
 */
export const hcpReadyTimeout = "40m";
