import type { Placement } from "../../infra/substrate/substrate";

/**
 * k0smotron `spec.patches[]`: the only way to change the StatefulSets it
 * generates. A patch targets a generated object by Kind and its
 * `app.kubernetes.io/component` label (docs: generated-resources).
 */
export interface ComponentPatch {
  readonly target: { readonly kind: string; readonly component: string };
  readonly patch: { readonly type: "strategic" | "merge" | "json"; readonly content: string };
}

/** Components of a k0smotron Cluster's StatefulSets: the k0s control plane, and the per-HCP etcd (storage.type etcd). */
export type StatefulSetComponent = "control-plane" | "etcd";

/** Patch content is YAML to k0smotron; JSON is YAML, and keeps the content exact and deterministic. */
export function strategicPatch(kind: string, component: string, content: Record<string, unknown>): ComponentPatch {
  return { target: { kind, component }, patch: { type: "strategic", content: JSON.stringify(content) } };
}

/**
 * Puts a StatefulSet's pods on a pool: its node selector and tolerations.
 * Nothing when the placement is empty (existing clusters have no pools).
 */
export function placementPatch(component: StatefulSetComponent, placement: Placement): ComponentPatch | undefined {
  const podSpec: Record<string, unknown> = {};
  if (Object.keys(placement.nodeSelector).length > 0) podSpec.nodeSelector = placement.nodeSelector;
  if (placement.tolerations.length > 0) podSpec.tolerations = placement.tolerations;
  if (Object.keys(podSpec).length === 0) return undefined;
  return strategicPatch("StatefulSet", component, { spec: { template: { spec: podSpec } } });
}
