import { stringify } from "yaml";
import type { ComponentPatch } from "./componentPatches";
import { hcpK0sConfig, k0smotronApiPort } from "./k0smotronCluster";

/**
 * t4-standalone: HCPs keep their data in one shared T4 server, which speaks
 * the etcd API, as k0s's *external etcd* (each HCP under its own key prefix).
 *
 * k0smotron v2.1.0 cannot express this in the Cluster API: whatever
 * `storage.type` says, it overwrites `k0sConfig.spec.storage` (etcd points at
 * its own per-HCP etcd StatefulSet, kine at the kine data source). So the HCP
 * declares `storage.type: kine` (k0smotron then creates no etcd of its own) and
 * a patch replaces the k0s config k0smotron generates (ConfigMap component
 * `cluster-config`, key K0SMOTRON_K0S_YAML) with the same settings it would
 * write - API port, SANs, konnectivity port - and storage pointing at T4.
 */
export interface ExternalEtcdArgs {
  readonly hcpName: string;
  readonly namespace: string;
  /** T4's etcd-API endpoints, `http://host:port`. */
  readonly endpoints: readonly string[];
}

const konnectivityAgentPort = 30132;

/** The SANs k0smotron gives the API server certificate for its ClusterIP Service `kmc-<name>` (its ClusterIP aside, unknown before creation). */
export function k0smotronServiceSans(hcpName: string, namespace: string): string[] {
  const svc = `kmc-${hcpName}`;
  return [svc, `${svc}.${namespace}`, `${svc}.${namespace}.svc`, `${svc}.${namespace}.svc.cluster.local`];
}

/** The complete k0s ClusterConfig of a t4-standalone HCP. */
export function externalEtcdK0sConfig(args: ExternalEtcdArgs): Record<string, unknown> {
  return {
    apiVersion: hcpK0sConfig.apiVersion,
    kind: hcpK0sConfig.kind,
    spec: {
      ...hcpK0sConfig.spec,
      api: { port: k0smotronApiPort, sans: k0smotronServiceSans(args.hcpName, args.namespace) },
      konnectivity: { agentPort: konnectivityAgentPort },
      storage: {
        type: "etcd",
        // Distinct prefix per HCP: many API servers share one etcd keyspace safely this way.
        etcd: { externalCluster: { endpoints: [...args.endpoints], etcdPrefix: args.hcpName } },
      },
    },
  };
}

/** The ConfigMap key k0smotron's entrypoint writes to /etc/k0s/k0s.yaml. */
export const k0sConfigKey = "K0SMOTRON_K0S_YAML";

export function k0sConfigOverridePatch(config: Record<string, unknown>): ComponentPatch {
  return {
    target: { kind: "ConfigMap", component: "cluster-config" },
    patch: { type: "merge", content: JSON.stringify({ data: { [k0sConfigKey]: stringify(config) } }) },
  };
}
