import { namespaces } from "../../namespaces";
import type { KubeObject } from "../../kubernetes/kubeObject";
import type { ComponentMode, PlatformComponentName } from "../../names/platformComponents";
import type { PlatformPieces } from "../platformPieces";
import { podMonitor } from "./podMonitor";

/**
 * Scrape targets for the operator and the shared datastores of this stack.
 * Their CPU and memory come from the kubelet (cAdvisor) job kube-prometheus-stack
 * already has; these add each one's own metrics. NATS' PodMonitor comes from its chart.
 * None for a component the cluster already runs (`present`): its pods carry
 * the labels of that install, which hcpbench does not know.
 */
export function platformMonitors(pieces: PlatformPieces, components: Partial<Readonly<Record<PlatformComponentName, ComponentMode>>> = {}): KubeObject[] {
  const monitors: KubeObject[] = [];
  const ours = (c: PlatformComponentName) => (components[c] ?? "install") === "install";
  if (!ours("operator")) {
    // The operator's own install labels its pods.
  } else if (pieces.operator === "k0smotron") {
    monitors.push(podMonitor({ name: "k0smotron", namespace: namespaces.k0smotron, selector: { "control-plane": "controller-manager" }, port: "metrics" }));
  } else {
    monitors.push(podMonitor({ name: "kamaji", namespace: namespaces.kamaji, selector: { "app.kubernetes.io/name": "kamaji", "app.kubernetes.io/component": "controller-manager" }, port: "metrics" }));
  }
  for (const engine of ["postgres", "mysql"] as const) {
    if (pieces[engine]) monitors.push(podMonitor({ name: engine, namespace: namespaces.data, selector: { "app.kubernetes.io/name": engine }, port: "metrics" }));
  }
  if (pieces.minio && ours("minio")) monitors.push(podMonitor({ name: "minio", namespace: namespaces.data, selector: { app: "minio", release: "minio" }, port: "http", path: "/minio/v2/metrics/cluster", interval: "30s" }));
  if (pieces.t4 && ours("t4")) monitors.push(podMonitor({ name: "t4", namespace: namespaces.data, selector: { "app.kubernetes.io/name": "t4" }, port: "metrics" }));
  if (pieces.kamajiEtcd && ours("kamajiEtcd")) monitors.push(podMonitor({ name: "kamaji-etcd", namespace: namespaces.kamaji, selector: { "app.kubernetes.io/name": "kamaji-etcd" }, port: "metrics" }));
  return monitors;
}
