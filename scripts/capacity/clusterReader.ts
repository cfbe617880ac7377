import type { ManagementApi } from "../../workloads/samplers/managementApi";
import { quantityOrUndefined } from "../../infra/names/quantity";
import type { PodSeries } from "./peakUsage";

/**
 * The thin, impure side of the capacity capture: reads the live HCP objects,
 * lists pods and nodes by label, and runs Prometheus range queries through the
 * API server's service proxy (so nothing but the stack's kubeconfig is needed).
 */

interface ListDoc {
  readonly items?: readonly Record<string, unknown>[];
}

export const hcpResources = {
  Cluster: { path: "/apis/k0smotron.io/v1beta2", plural: "clusters" },
  TenantControlPlane: { path: "/apis/kamaji.clastix.io/v1alpha1", plural: "tenantcontrolplanes" },
} as const;

/** The fleet's HCP objects as the API server has them (kind set on each item, as readinessTimes expects). */
export async function listHcpObjects(api: ManagementApi, kind: keyof typeof hcpResources, namespace: string): Promise<Record<string, unknown>[]> {
  const r = hcpResources[kind];
  const doc = await api.getJson<ListDoc>(`${r.path}/namespaces/${encodeURIComponent(namespace)}/${r.plural}`);
  return (doc.items ?? []).map((item) => ({ kind, ...item }));
}

export interface PodRef {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export async function listPods(api: ManagementApi, namespace: string, labelSelector?: string): Promise<PodRef[]> {
  const q = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : "";
  const doc = await api.getJson<ListDoc>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods${q}`);
  return (doc.items ?? []).map((p) => {
    const meta = (p.metadata ?? {}) as { name?: string; labels?: Record<string, string> };
    return { name: meta.name ?? "", labels: meta.labels ?? {} };
  });
}

export async function listNodeNames(api: ManagementApi, labelSelector: string): Promise<string[]> {
  const doc = await api.getJson<ListDoc>(`/api/v1/nodes?labelSelector=${encodeURIComponent(labelSelector)}`);
  return (doc.items ?? []).map((n) => String((n.metadata as { name?: string } | undefined)?.name ?? "")).filter(Boolean);
}

export interface NodeInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** status.allocatable as the kubelet reports it; absent when the node does not say. */
  readonly allocatable?: { readonly cpuM: number; readonly memMi: number };
}

/** Every node with its labels and its kubelet's allocatable. */
export async function listNodes(api: ManagementApi): Promise<NodeInfo[]> {
  const doc = await api.getJson<ListDoc>("/api/v1/nodes");
  return (doc.items ?? []).map((n) => {
    const meta = (n.metadata ?? {}) as { name?: string; labels?: Record<string, string> };
    const alloc = ((n.status ?? {}) as { allocatable?: Record<string, string> }).allocatable ?? {};
    const cpuM = alloc.cpu !== undefined ? quantityOrUndefined(alloc.cpu) : undefined;
    const mem = alloc.memory !== undefined ? quantityOrUndefined(alloc.memory) : undefined;
    return {
      name: meta.name ?? "",
      labels: meta.labels ?? {},
      ...(cpuM !== undefined && mem !== undefined ? { allocatable: { cpuM: cpuM * 1000, memMi: mem / 2 ** 20 } } : {}),
    };
  });
}

/** `namespace/name:port` of the Prometheus to query; kube-prometheus-stack's operator always creates `prometheus-operated`. */
export interface PrometheusService {
  readonly namespace: string;
  readonly name: string;
  readonly port: string;
}

export function parsePrometheusService(value: string): PrometheusService {
  const m = /^([a-z0-9-]+)\/([a-z0-9-]+):([a-z0-9-]+)$/.exec(value);
  if (!m) throw new Error(`HCPBENCH_PROMETHEUS_SERVICE must be <namespace>/<service>:<port> (got "${value}")`);
  return { namespace: m[1], name: m[2], port: m[3] };
}

interface PromMatrix {
  readonly status: string;
  readonly error?: string;
  readonly data?: { readonly resultType: string; readonly result: readonly { metric: Record<string, string>; values: readonly [number, string][] }[] };
}

/** One range query; series keyed by their pod (or node, or controller) label. */
export async function promRange(api: ManagementApi, svc: PrometheusService, query: string, startS: number, endS: number, stepS: number): Promise<PodSeries[]> {
  const params = new URLSearchParams({ query, start: String(startS), end: String(endS), step: String(stepS) });
  const path = `/api/v1/namespaces/${svc.namespace}/services/${svc.name}:${svc.port}/proxy/api/v1/query_range?${params}`;
  const doc = await api.getJson<PromMatrix>(path);
  if (doc.status !== "success" || !doc.data) throw new Error(`Prometheus query failed: ${doc.error ?? doc.status}: ${query}`);
  return doc.data.result.map((s) => ({
    pod: s.metric.pod ?? s.metric.node ?? s.metric.name ?? "",
    points: s.values.map(([t, v]) => [Number(t), Number(v)] as const),
  }));
}
