import { CoreV1Api, CustomObjectsApi, type KubeConfig } from "@kubernetes/client-node";
import { poolLabel } from "../../infra/namespaces";
import { kineDataSourceKey } from "../../workloads/fleet/kineDataSource";

/**
 * What the API server kept of the fleet's custom resources. A CRD's
 * structural schema prunes unknown fields without an error, so a patch or a
 * storage setting the operator's schema does not know would vanish silently:
 * these checks read the stored objects back, not what hcpbench sent.
 */
export interface HcpCheck {
  readonly kind: "Cluster" | "TenantControlPlane";
  readonly count: number;
  readonly problems: string[];
}

const hcpPool = "hcp";

type Obj = { metadata: { name: string }; spec?: Record<string, unknown> };

function patchesOf(spec: Record<string, unknown> | undefined): { target?: { kind?: string; component?: string }; patch?: { content?: string } }[] {
  return (spec?.patches as never[]) ?? [];
}

/** k0smotron Clusters: the control plane's StatefulSet placed on the hcp pool by a patch, the kine data source by Secret, the k0s config kept. */
export async function checkClusters(kc: KubeConfig, namespace: string): Promise<HcpCheck> {
  const list = (await kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group: "k0smotron.io", version: "v1beta2", namespace, plural: "clusters" })) as { items: Obj[] };
  const core = kc.makeApiClient(CoreV1Api);
  const problems: string[] = [];
  for (const c of list.items) {
    const name = `Cluster ${namespace}/${c.metadata.name}`;
    const placed = patchesOf(c.spec).find((p) => p.target?.kind === "StatefulSet" && p.target.component === "control-plane");
    const content = placed?.patch?.content ? (JSON.parse(placed.patch.content) as { spec?: { template?: { spec?: { nodeSelector?: Record<string, string> } } } }) : undefined;
    if (content?.spec?.template?.spec?.nodeSelector?.[poolLabel] !== hcpPool) problems.push(`${name}: no stored patch puts the control-plane StatefulSet on pool ${hcpPool}`);
    const storage = c.spec?.storage as { type?: string; kine?: { dataSourceSecretName?: string } } | undefined;
    if (storage?.type === "kine") {
      const secretName = storage.kine?.dataSourceSecretName;
      if (!secretName) problems.push(`${name}: storage.kine.dataSourceSecretName was not kept`);
      else {
        const secret = await core.readNamespacedSecret({ name: secretName, namespace }).catch(() => undefined);
        if (!secret?.data?.[kineDataSourceKey]) problems.push(`${name}: Secret ${secretName} has no ${kineDataSourceKey}`);
      }
    }
    const telemetry = (c.spec?.k0sConfig as { spec?: { telemetry?: { enabled?: boolean } } } | undefined)?.spec?.telemetry?.enabled;
    if (telemetry !== false) problems.push(`${name}: the k0s config patch (telemetry off) was not kept`);
  }
  return { kind: "Cluster", count: list.items.length, problems };
}

/** Kamaji TenantControlPlanes: the Deployment on the hcp pool, the DataStore named and present. */
export async function checkTenantControlPlanes(kc: KubeConfig, namespace: string): Promise<HcpCheck> {
  const api = kc.makeApiClient(CustomObjectsApi);
  const list = (await api.listNamespacedCustomObject({ group: "kamaji.clastix.io", version: "v1alpha1", namespace, plural: "tenantcontrolplanes" })) as { items: Obj[] };
  const problems: string[] = [];
  for (const t of list.items) {
    const name = `TenantControlPlane ${namespace}/${t.metadata.name}`;
    const deployment = (t.spec?.controlPlane as { deployment?: { nodeSelector?: Record<string, string> } } | undefined)?.deployment;
    if (deployment?.nodeSelector?.[poolLabel] !== hcpPool) problems.push(`${name}: controlPlane.deployment.nodeSelector does not put it on pool ${hcpPool}`);
    const dataStore = t.spec?.dataStore as string | undefined;
    if (!dataStore) problems.push(`${name}: spec.dataStore was not kept`);
    else if (!(await api.getClusterCustomObject({ group: "kamaji.clastix.io", version: "v1alpha1", plural: "datastores", name: dataStore }).catch(() => undefined))) problems.push(`${name}: DataStore ${dataStore} does not exist`);
  }
  return { kind: "TenantControlPlane", count: list.items.length, problems };
}
