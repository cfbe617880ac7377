import type { Config } from "../../infra/config/schema";
import type { Placement } from "../../infra/substrate/substrate";
import { k0sVersion } from "../../infra/names/operators";
import { placementPatch, type ComponentPatch, type StatefulSetComponent } from "./componentPatches";
import { fleetLabels, type KubeObject } from "./kubeObject";
import { presetResources } from "./presetResources";
import { hcpReadyAnnotations } from "./readinessAnnotations";

/** `spec.storage` of a k0smotron.io/v1beta2 Cluster: what each backend decides. */
export interface K0smotronStorage {
  readonly type: "etcd" | "kine" | "nats";
  readonly etcd?: Record<string, unknown>;
  readonly kine?: { readonly dataSourceURL?: string; readonly dataSourceSecretName?: string };
  readonly nats?: Record<string, unknown>;
}

/** k0smotron's default API port; the ClusterIP Service `kmc-<name>` listens on it too. */
export const k0smotronApiPort = 30443;
const konnectivityPort = 30132;

/**
 * k0s settings hcpbench adds to every HCP. k0smotron overwrites `spec.api`,
 * `spec.konnectivity` and `spec.storage` of this config and merges the rest.
 * Telemetry is off explicitly (older k0s releases enabled it by default) so a
 * 1,000-HCP fleet does not report home.
 */
export const hcpK0sConfig = {
  apiVersion: "k0s.k0sproject.io/v1beta1",
  kind: "ClusterConfig",
  spec: { telemetry: { enabled: false } },
} as const;

export interface K0smotronClusterArgs {
  readonly name: string;
  readonly namespace: string;
  readonly fleet: Config["fleet"];
  readonly storage: K0smotronStorage;
  /** Where the HCP pods go; applied to every StatefulSet in `placedComponents`. */
  readonly placement: Placement;
  readonly placedComponents?: readonly StatefulSetComponent[];
  /** A k0s image other than k0smotron's default (kine-t4 needs a kine with the T4 driver): repository and tag. */
  readonly image?: { readonly repository: string; readonly tag: string };
  /** Patches a backend needs beyond placement (T4 credentials, the external-etcd k0s config). */
  readonly extraPatches?: readonly ComponentPatch[];
}

/** A k0smotron.io/v1beta2 Cluster: one HCP running k0s in a StatefulSet. */
export function k0smotronCluster(args: K0smotronClusterArgs): KubeObject {
  const { fleet } = args;
  const placed = (args.placedComponents ?? ["control-plane"]).map((c) => placementPatch(c, args.placement));
  const patches = [...placed.filter((p): p is ComponentPatch => p !== undefined), ...(args.extraPatches ?? [])];
  const resources = presetResources(fleet.preset);
  return {
    apiVersion: "k0smotron.io/v1beta2",
    kind: "Cluster",
    metadata: {
      name: args.name,
      namespace: args.namespace,
      labels: fleetLabels(fleet.backend),
      annotations: hcpReadyAnnotations("Cluster", fleet.awaitReady),
    },
    spec: {
      // Always explicit: the webhook's default k0s version is years old.
      version: args.image ? args.image.tag : k0sVersion(fleet.kubernetesVersion),
      ...(args.image ? { image: args.image.repository } : {}),
      replicas: fleet.replicas,
      // In-cluster only: the load Jobs reach https://kmc-<name>.<ns>.svc:30443 directly, never through a port-forward.
      service: { type: "ClusterIP", apiPort: k0smotronApiPort, konnectivityPort },
      ...(resources ? { resources } : {}),
      storage: args.storage,
      k0sConfig: hcpK0sConfig,
      ...(patches.length > 0 ? { patches } : {}),
    },
  };
}
