import type { PlannedResource } from "./evaluate";

/** A resource that is one Kubernetes object: its inputs carry apiVersion and kind (and are the whole object). */
export function isKubernetesObject(r: Pick<PlannedResource, "type" | "inputs">): boolean {
  return r.type.startsWith("kubernetes:") && typeof r.inputs.apiVersion === "string" && typeof r.inputs.kind === "string";
}

/** The Kubernetes objects a resource submits: the object itself, or the `objs` of a yaml/v2 ConfigGroup. */
export function kubernetesObjectsOf(r: Pick<PlannedResource, "type" | "inputs">): Record<string, unknown>[] {
  if (isKubernetesObject(r)) return [r.inputs];
  if (r.type === "kubernetes:yaml/v2:ConfigGroup" && Array.isArray(r.inputs.objs)) return r.inputs.objs as Record<string, unknown>[];
  return [];
}
