import type { Config } from "../../infra/config/schema";
import type { Placement } from "../../infra/substrate/substrate";
import { kubernetesVersionTag } from "../../infra/names/operators";
import { kamajiResources } from "./kamajiResourceSplit";
import { fleetLabels, type KubeObject } from "./kubeObject";
import { hcpServiceLabel } from "./hcpMonitorTarget";
import { hcpReadyAnnotations } from "./readinessAnnotations";

/** Kamaji's API server port; the ClusterIP Service `<name>` it creates listens on it. */
export const kamajiApiPort = 6443;

export interface TenantControlPlaneArgs {
  readonly name: string;
  readonly namespace: string;
  readonly fleet: Config["fleet"];
  readonly dataStore: string;
  /** SQL and NATS drivers run kine as a sidecar; the etcd driver talks to etcd directly. */
  readonly withKine: boolean;
  readonly placement: Placement;
}

/** The in-cluster DNS names of the TCP's Service; load Jobs connect by these, so the serving certificate must carry them. */
export function tenantServiceNames(name: string, namespace: string): string[] {
  return [`${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`];
}

/** A kamaji.clastix.io/v1alpha1 TenantControlPlane: one HCP as a Deployment on the shared DataStore. */
export function tenantControlPlane(args: TenantControlPlaneArgs): KubeObject {
  const { fleet, placement } = args;
  const resources = kamajiResources(fleet.preset, args.withKine);
  const deployment: Record<string, unknown> = { replicas: fleet.replicas };
  if (Object.keys(placement.nodeSelector).length > 0) deployment.nodeSelector = placement.nodeSelector;
  if (placement.tolerations.length > 0) deployment.tolerations = placement.tolerations;
  if (resources) deployment.resources = resources;
  return {
    apiVersion: "kamaji.clastix.io/v1alpha1",
    kind: "TenantControlPlane",
    metadata: {
      name: args.name,
      namespace: args.namespace,
      labels: fleetLabels(fleet.backend),
      annotations: hcpReadyAnnotations("TenantControlPlane", fleet.awaitReady),
    },
    spec: {
      dataStore: args.dataStore,
      controlPlane: {
        deployment,
        // The label lets monitoring select this HCP's API Service without relying on Kamaji's internal labels.
        service: { serviceType: "ClusterIP", additionalMetadata: { labels: { [hcpServiceLabel]: args.name } } },
      },
      // No addons: no worker ever joins a benchmark HCP, so CoreDNS, kube-proxy and konnectivity would only cost resources.
      kubernetes: { version: kubernetesVersionTag(fleet.kubernetesVersion), kubelet: { cgroupfs: "systemd" } },
      networkProfile: { port: kamajiApiPort, certSANs: tenantServiceNames(args.name, args.namespace) },
    },
  };
}
