/**
 * The PromQL the capacity capture runs over the fleet's creation window
 * (kube-prometheus-stack: cAdvisor series from the kubelet carry `namespace`,
 * `pod`, `container` and `node`; kube-state-metrics gives node capacity;
 * controller-runtime operators expose workqueue_* and
 * controller_runtime_reconcile_*). Pod groups are given as pod names listed
 * by label, because cAdvisor series carry no pod labels.
 */
export interface PodGroupScope {
  /** Namespaces the pods live in (storage can span several: the data namespace, kamaji-etcd's). */
  readonly namespaces: readonly string[];
  /** Pod names; an empty list means the group has no pods (storage inside the HCP pod). */
  readonly pods: readonly string[];
}

export interface CapacityScope {
  readonly hcp: PodGroupScope;
  readonly storage?: PodGroupScope;
  readonly operatorNamespace: string;
  /** Nodes of the HCP pool; empty = every node (the existing substrate has no pools). */
  readonly workerNodes: readonly string[];
}

export type CapacityQueryName =
  | "hcpMemMi"
  | "hcpCpuM"
  | "storageMemMi"
  | "storageCpuM"
  | "operatorMemMi"
  | "operatorCpuM"
  | "workqueueDepth"
  | "reconcileP95S"
  | "reconcileErrPerS"
  | "apiserverQps"
  | "apiserverP99S"
  | "workerCpuPct"
  | "workerMemPct"
  | "nodeCpuM"
  | "nodeMemMi";

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Prometheus anchors regexes, so an alternation of exact names matches only those pods. */
const oneOf = (names: readonly string[]) => names.map(escapeRe).join("|");
const label = (s: string) => JSON.stringify(s);

/** Rate window: two scrapes of the default 30 s interval plus margin. */
const w = "2m";

function podSelector(g: PodGroupScope): string {
  return `namespace=~${label(oneOf([...new Set(g.namespaces)]))},pod=~${label(oneOf(g.pods))},container!="",container!="POD"`;
}

function podMem(g: PodGroupScope): string {
  return `sum by (pod) (container_memory_working_set_bytes{${podSelector(g)}}) / 1048576`;
}

function podCpu(g: PodGroupScope): string {
  return `sum by (pod) (rate(container_cpu_usage_seconds_total{${podSelector(g)}}[${w}])) * 1000`;
}

/** Queries by name; a group without pods has no query (nothing to measure, not zero). */
export function capacityQueries(scope: CapacityScope): Partial<Record<CapacityQueryName, string>> {
  const op = label(scope.operatorNamespace);
  const nodeSel = scope.workerNodes.length > 0 ? `,node=~${label(oneOf(scope.workerNodes))}` : "";
  const q: Partial<Record<CapacityQueryName, string>> = {
    operatorMemMi: `sum by (pod) (container_memory_working_set_bytes{namespace=${op},container!="",container!="POD"}) / 1048576`,
    operatorCpuM: `sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=${op},container!="",container!="POD"}[${w}])) * 1000`,
    workqueueDepth: `max by (name) (workqueue_depth{namespace=${op}})`,
    reconcileP95S: `histogram_quantile(0.95, sum by (le) (rate(controller_runtime_reconcile_time_seconds_bucket{namespace=${op}}[${w}])))`,
    reconcileErrPerS: `sum(rate(controller_runtime_reconcile_errors_total{namespace=${op}}[${w}]))`,
    apiserverQps: `sum(rate(apiserver_request_total[${w}]))`,
    apiserverP99S: `histogram_quantile(0.99, sum by (le) (rate(apiserver_request_duration_seconds_bucket{verb!~"WATCH|CONNECT"}[${w}])))`,
    // The root cgroup (id="/") is the whole node.
    workerCpuPct: `100 * sum by (node) (rate(container_cpu_usage_seconds_total{id="/"${nodeSel}}[${w}])) / on (node) sum by (node) (kube_node_status_capacity{resource="cpu"${nodeSel}})`,
    workerMemPct: `100 * sum by (node) (container_memory_working_set_bytes{id="/"${nodeSel}}) / on (node) sum by (node) (kube_node_status_capacity{resource="memory"${nodeSel}})`,
    // Every node's own usage (root cgroup), summed per pool at each step by poolUsage: what the machines carried, whoever ran there.
    nodeCpuM: `sum by (node) (rate(container_cpu_usage_seconds_total{id="/"}[${w}])) * 1000`,
    nodeMemMi: `sum by (node) (container_memory_working_set_bytes{id="/"}) / 1048576`,
  };
  if (scope.hcp.pods.length > 0) {
    q.hcpMemMi = podMem(scope.hcp);
    q.hcpCpuM = podCpu(scope.hcp);
  }
  if (scope.storage && scope.storage.pods.length > 0) {
    q.storageMemMi = podMem(scope.storage);
    q.storageCpuM = podCpu(scope.storage);
  }
  return q;
}

/** A step that keeps a range query under Prometheus' 11,000-point limit and no finer than the scrape interval. */
export function queryStep(startS: number, endS: number): number {
  return Math.max(15, Math.ceil((endS - startS) / 1000));
}
