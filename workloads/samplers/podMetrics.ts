import { cpuMillicores, memoryMiB } from "../../infra/names/quantity";

/** The parts of `metrics.k8s.io/v1beta1` PodMetrics the samplers read. */
export interface PodMetrics {
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels?: Record<string, string> };
  /** End of the metrics window: metrics-server refreshes it every 15 s by default. */
  readonly timestamp: string;
  readonly window: string;
  readonly containers: readonly { readonly name: string; readonly usage: { readonly cpu: string; readonly memory: string } }[];
}

export interface PodMetricsList {
  readonly kind: "PodMetricsList";
  readonly items: readonly PodMetrics[];
}

/** A pod's usage: the sum over its containers. */
export interface PodUsage {
  readonly pod: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly timestamp: string;
  readonly memMiB: number;
  readonly cpuMilli: number;
}

export function podUsage(item: PodMetrics): PodUsage {
  let memMiB = 0;
  let cpuMilli = 0;
  for (const c of item.containers) {
    memMiB += memoryMiB(c.usage.memory);
    cpuMilli += cpuMillicores(c.usage.cpu);
  }
  return { pod: `${item.metadata.namespace}/${item.metadata.name}`, labels: item.metadata.labels ?? {}, timestamp: item.timestamp, memMiB, cpuMilli };
}

/** Path of the PodMetrics list of a namespace, optionally narrowed by a label selector. */
export function podMetricsPath(namespace: string, labelSelector?: string): string {
  const base = `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(namespace)}/pods`;
  return labelSelector ? `${base}?labelSelector=${encodeURIComponent(labelSelector)}` : base;
}

export function isPodMetricsList(body: unknown): body is PodMetricsList {
  return typeof body === "object" && body !== null && Array.isArray((body as { items?: unknown }).items);
}
