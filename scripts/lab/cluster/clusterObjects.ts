import { CoreV1Api, KubeConfig, StorageV1Api, type V1Node, type V1PersistentVolume, type V1StorageClass } from "@kubernetes/client-node";

/** The local cluster's API as its admin, from the kubeconfig `lab cluster up` wrote. */
export interface ClusterApi {
  readonly core: CoreV1Api;
  readonly storage: StorageV1Api;
}

export function clusterApi(kubeconfig: string): ClusterApi {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return { core: kc.makeApiClient(CoreV1Api), storage: kc.makeApiClient(StorageV1Api) };
}

/** The StorageClass, its volumes and the nodes, created once each. */
export async function createClusterObjects(api: ClusterApi, o: { storageClass: V1StorageClass; volumes: readonly V1PersistentVolume[]; nodes: readonly V1Node[] }): Promise<void> {
  await api.storage.createStorageClass({ body: o.storageClass });
  for (const body of o.volumes) await api.core.createPersistentVolume({ body });
  for (const body of o.nodes) await api.core.createNode({ body });
}

export function isNodeReady(n: V1Node): boolean {
  return n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Until every named node is Ready and the `default` ServiceAccount exists in
 * `default` (the ServiceAccount admission plugin refuses pods until the
 * controller manager made it). `alive` fails early when a process died.
 */
export async function waitForClusterReady(
  api: ClusterApi,
  o: { nodes: readonly string[]; timeoutMs: number; alive: () => void; signal?: AbortSignal; progress?: (ready: number, total: number) => void },
): Promise<void> {
  const deadline = Date.now() + o.timeoutMs;
  let lastReady = -1;
  for (;;) {
    if (o.signal?.aborted) throw new Error("interrupted while waiting for the nodes");
    o.alive();
    const nodes = (await api.core.listNode()).items;
    const ready = new Set(nodes.filter(isNodeReady).map((n) => n.metadata?.name));
    const count = o.nodes.filter((n) => ready.has(n)).length;
    if (count !== lastReady) o.progress?.(count, o.nodes.length);
    lastReady = count;
    const account = count === o.nodes.length && (await api.core.readNamespacedServiceAccount({ name: "default", namespace: "default" }).then(() => true, () => false));
    if (account) return;
    if (Date.now() > deadline) {
      const missing = o.nodes.filter((n) => !ready.has(n));
      throw new Error(missing.length > 0 ? `nodes not Ready after ${o.timeoutMs / 1000} s: ${missing.join(", ")}` : `no default service account in namespace default after ${o.timeoutMs / 1000} s`);
    }
    await sleep(300);
  }
}
