import type { HcpMonitorTarget } from "../../infra/platform/monitoring/hcpApiServerMonitor";
import type { OperatorName } from "../../infra/names/backends";

/** Label hcpbench puts on each Kamaji TCP's API Service (spec.controlPlane.service.additionalMetadata), so it can be selected by HCP. */
export const hcpServiceLabel = "hcpbench.io/hcp";

/**
 * The Service in front of an HCP's API server, as the platform's
 * ServiceMonitor selects it (infra/platform/monitoring/hcpApiServerMonitor.ts).
 * - k0smotron labels its ClusterIP Service `kmc-<name>` with the cluster's
 *   labels and `app.kubernetes.io/component: control-plane`; its API port is `api`.
 * - Kamaji names the API port `kube-apiserver` and adds the labels hcpbench asks for.
 */
export function hcpMonitorTarget(operator: OperatorName, name: string, namespace: string): HcpMonitorTarget {
  if (operator === "k0smotron") {
    return {
      name,
      namespace,
      operator,
      serviceSelector: { app: "k0smotron", cluster: name, "app.kubernetes.io/component": "control-plane" },
      portName: "api",
    };
  }
  return { name, namespace, operator, serviceSelector: { [hcpServiceLabel]: name }, portName: "kube-apiserver" };
}
