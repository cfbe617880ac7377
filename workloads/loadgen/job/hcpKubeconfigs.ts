import type { KubernetesTarget } from "../loadgenOptions";
import type { ManagementApi } from "../../samplers/managementApi";
import type { HcpSpec } from "./benchJobSpec";

interface SecretBody {
  readonly data?: Record<string, string>;
}

/**
 * An HCP as a load target: its admin kubeconfig, read from its Secret with the Job's service
 * account (RBAC allows `get` on exactly these Secrets), and its in-cluster Service URL as the
 * server, so load never goes through a port-forward.
 */
export async function hcpTarget(api: ManagementApi, hcp: HcpSpec, signal?: AbortSignal): Promise<KubernetesTarget> {
  const { name, key } = hcp.kubeconfigSecret;
  const secret = await api.getJson<SecretBody>(`/api/v1/namespaces/${encodeURIComponent(hcp.namespace)}/secrets/${encodeURIComponent(name)}`, signal);
  const encoded = secret.data?.[key];
  if (!encoded) throw new Error(`Secret ${hcp.namespace}/${name} has no key "${key}" (keys: ${Object.keys(secret.data ?? {}).join(", ") || "none"})`);
  let kubeconfig = Buffer.from(encoded, "base64").toString("utf8");
  // The load generator reads a value with a newline as kubeconfig text, anything else as a path.
  if (!kubeconfig.includes("\n")) kubeconfig += "\n";
  return { kind: "kubernetes", kubeconfig, server: hcp.apiServerUrl, name: hcp.name };
}

/** Fetches targets once per Job, a few at a time (a 1,000-HCP fleet is 1,000 Secrets). */
export class HcpTargets {
  private readonly cache = new Map<string, Promise<KubernetesTarget>>();

  constructor(
    private readonly api: ManagementApi,
    private readonly parallelism = 8,
  ) {}

  async of(hcps: readonly HcpSpec[], signal?: AbortSignal): Promise<KubernetesTarget[]> {
    const out: KubernetesTarget[] = new Array(hcps.length);
    let next = 0;
    const worker = async () => {
      while (next < hcps.length) {
        const i = next++;
        const hcp = hcps[i];
        const id = `${hcp.namespace}/${hcp.name}`;
        let pending = this.cache.get(id);
        if (!pending) {
          pending = hcpTarget(this.api, hcp, signal);
          // A failed fetch is retried at the next point rather than remembered.
          pending.catch(() => this.cache.delete(id));
          this.cache.set(id, pending);
        }
        out[i] = await pending;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.parallelism, hcps.length) }, worker));
    return out;
  }
}
