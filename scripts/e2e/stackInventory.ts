import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from "@kubernetes/client-node";
import { hasStatus } from "./kubeApi";

/**
 * The Kubernetes objects a stack's state says it created, and whether the
 * cluster agrees: the e2e's proof that `up` created everything and `destroy`
 * removed it. Read from `pulumi stack export` (the deployment's resources).
 */
export interface StateObject {
  readonly urn: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

interface ExportedResource {
  readonly urn: string;
  readonly type: string;
  readonly custom?: boolean;
  /** Read, not created (`Secret.get`): destroy leaves it, so it is not the stack's. */
  readonly external?: boolean;
  readonly outputs?: { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } };
}

/** Every object the stack created through the kubernetes provider: no providers, Helm releases, other non-objects or objects it only read. */
export function stateObjects(deployment: { resources?: readonly ExportedResource[] }): StateObject[] {
  const out: StateObject[] = [];
  for (const r of deployment.resources ?? []) {
    if (!r.custom || r.external || !r.type.startsWith("kubernetes:") || r.type.startsWith("pulumi:providers:") || r.type.startsWith("kubernetes:helm.sh")) continue;
    const o = r.outputs;
    if (!o?.apiVersion || !o.kind || !o.metadata?.name) continue;
    out.push({ urn: r.urn, apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) });
  }
  return out;
}

export const describeObject = (o: Pick<StateObject, "kind" | "name" | "namespace">) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;

/** The live object, or undefined when the API server answers 404. */
export async function readLive(api: KubernetesObjectApi, o: StateObject): Promise<KubernetesObject | undefined> {
  try {
    return await api.read({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) } });
  } catch (err) {
    if (hasStatus(err, 404)) return undefined;
    throw err;
  }
}

/** The state's objects the cluster does not have. */
export async function missingObjects(kc: KubeConfig, objects: readonly StateObject[]): Promise<StateObject[]> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const missing: StateObject[] = [];
  for (const o of objects) if (!(await readLive(api, o))) missing.push(o);
  return missing;
}

/** What is still there after a destroy: each object of the last up's state, with its finalizers and whether it is being deleted. */
export async function leftovers(kc: KubeConfig, objects: readonly StateObject[]): Promise<string[]> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const out: string[] = [];
  for (const o of objects) {
    const live = await readLive(api, o);
    if (!live) continue;
    const fin = live.metadata?.finalizers ?? [];
    out.push(`${describeObject(o)}${live.metadata?.deletionTimestamp ? " (Terminating)" : ""}${fin.length ? ` finalizers ${fin.join(",")}` : ""}`);
  }
  return out;
}
