import type { OperatorName } from "../../infra/names/backends";
import type { HcpEndpoint } from "./fleetOutputs";
import { k0smotronApiPort } from "./k0smotronCluster";
import { kamajiApiPort } from "./tenantControlPlane";

/**
 * How the bench reaches an HCP from inside the management cluster: the
 * ClusterIP Service the operator creates for it, and the Secret holding its
 * admin kubeconfig.
 * - k0smotron: Service `kmc-<name>` on the API port (30443); kubeconfig in
 *   `<name>-kubeconfig`, key `value` (the Cluster API convention).
 * - Kamaji: Service `<name>` on networkProfile.port (6443); kubeconfig in
 *   `<name>-admin-kubeconfig`, key `admin.conf`.
 */
export function hcpEndpoint(operator: OperatorName, name: string, namespace: string): HcpEndpoint {
  if (operator === "k0smotron") {
    return {
      name,
      namespace,
      kind: "Cluster",
      apiServerUrl: `https://kmc-${name}.${namespace}.svc:${k0smotronApiPort}`,
      kubeconfigSecret: { name: `${name}-kubeconfig`, key: "value" },
    };
  }
  return {
    name,
    namespace,
    kind: "TenantControlPlane",
    apiServerUrl: `https://${name}.${namespace}.svc:${kamajiApiPort}`,
    kubeconfigSecret: { name: `${name}-admin-kubeconfig`, key: "admin.conf" },
  };
}
