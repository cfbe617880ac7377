import type { KubeObject } from "../../kubernetes/kubeObject";

export interface PodMonitorArgs {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Record<string, string>;
  /** Name of the container port that serves metrics. */
  readonly port: string;
  readonly path?: string;
  readonly interval?: string;
}

/** A prometheus-operator PodMonitor for one workload's plain-HTTP metrics endpoint. */
export function podMonitor(args: PodMonitorArgs): KubeObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name: args.name, namespace: args.namespace, labels: { "app.kubernetes.io/part-of": "hcpbench" } },
    spec: {
      selector: { matchLabels: { ...args.selector } },
      namespaceSelector: { matchNames: [args.namespace] },
      podMetricsEndpoints: [
        {
          port: args.port,
          path: args.path ?? "/metrics",
          interval: args.interval ?? "15s",
          // Dashboards select by job; one job per workload keeps the queries short.
          relabelings: [{ action: "replace", targetLabel: "job", replacement: args.name }],
        },
      ],
    },
  };
}
