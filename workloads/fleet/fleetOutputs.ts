import type * as pulumi from "@pulumi/pulumi";

/** One hosted control plane, as the bench and the capacity capture address it. */
export interface HcpEndpoint {
  readonly name: string;
  readonly namespace: string;
  /** `Cluster` (k0smotron) or `TenantControlPlane` (Kamaji). */
  readonly kind: "Cluster" | "TenantControlPlane";
  /** The API server as reachable from inside the management cluster: https://<service>.<ns>.svc:<port>. */
  readonly apiServerUrl: string;
  /** Secret with the HCP's admin kubeconfig, and the key inside it. */
  readonly kubeconfigSecret: { readonly name: string; readonly key: string };
}

export interface Fleet {
  readonly hcps: readonly HcpEndpoint[];
  /** Every HCP resource, Ready when registered (pulumi.com/waitFor): the bench depends on these. */
  readonly ready: pulumi.Resource[];
}
