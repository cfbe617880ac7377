import { namespaces } from "../../namespaces";
import type { KubeObject } from "../../kubernetes/kubeObject";
import { hcpApiServerJob } from "./hcpApiServerMonitor";

/** Jobs of the operators' PodMonitors (platformMonitors.ts). */
export const operatorJobs = ["k0smotron", "kamaji"] as const;
/** Pods of every shared datastore, by name prefix, in the namespaces they run in. */
const datastorePods = `pod=~"(postgres|mysql|minio|t4|nats|kamaji-etcd)-.*"`;
const datastoreNamespaces = `namespace=~"${namespaces.data}|${namespaces.kamaji}"`;
const hcp = `job="${hcpApiServerJob}"`;
const operators = `job=~"${operatorJobs.join("|")}"`;

interface PanelSpec {
  readonly title: string;
  readonly unit: string;
  readonly targets: readonly { readonly expr: string; readonly legend: string }[];
}

/** Two panels a row, each row one question the benchmark asks. */
const rows: readonly { readonly title: string; readonly panels: readonly [PanelSpec, PanelSpec] }[] = [
  {
    title: "HCP API servers",
    panels: [
      { title: "Request rate by verb", unit: "reqps", targets: [{ expr: `sum by (verb) (rate(apiserver_request_total{${hcp}}[1m]))`, legend: "{{verb}}" }] },
      {
        title: "Request latency p99 by verb (excl. WATCH)",
        unit: "s",
        targets: [{ expr: `histogram_quantile(0.99, sum by (le, verb) (rate(apiserver_request_duration_seconds_bucket{${hcp}, verb!~"WATCH|CONNECT"}[1m])))`, legend: "{{verb}}" }],
      },
    ],
  },
  {
    title: "Storage as the API servers see it",
    panels: [
      {
        title: "etcd_request_duration p99 by operation",
        unit: "s",
        targets: [{ expr: `histogram_quantile(0.99, sum by (le, operation) (rate(etcd_request_duration_seconds_bucket{${hcp}}[1m])))`, legend: "{{operation}}" }],
      },
      { title: "Storage requests by operation", unit: "reqps", targets: [{ expr: `sum by (operation) (rate(etcd_request_duration_seconds_count{${hcp}}[1m]))`, legend: "{{operation}}" }] },
    ],
  },
  {
    title: "Datastores",
    panels: [
      { title: "Datastore CPU", unit: "cores", targets: [{ expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${datastoreNamespaces}, ${datastorePods}, container!=""}[1m]))`, legend: "{{pod}}" }] },
      { title: "Datastore memory (working set)", unit: "bytes", targets: [{ expr: `sum by (pod) (container_memory_working_set_bytes{${datastoreNamespaces}, ${datastorePods}, container!=""})`, legend: "{{pod}}" }] },
    ],
  },
  {
    title: "HCP pods",
    panels: [
      {
        title: "HCP pod CPU (total and top 10)",
        unit: "cores",
        targets: [
          { expr: `sum(rate(container_cpu_usage_seconds_total{namespace="${namespaces.fleet}", container!=""}[1m]))`, legend: "all HCP pods" },
          { expr: `topk(10, sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="${namespaces.fleet}", container!=""}[1m])))`, legend: "{{pod}}" },
        ],
      },
      {
        title: "HCP pod memory (total and top 10)",
        unit: "bytes",
        targets: [
          { expr: `sum(container_memory_working_set_bytes{namespace="${namespaces.fleet}", container!=""})`, legend: "all HCP pods" },
          { expr: `topk(10, sum by (pod) (container_memory_working_set_bytes{namespace="${namespaces.fleet}", container!=""}))`, legend: "{{pod}}" },
        ],
      },
    ],
  },
  {
    title: "Operator",
    panels: [
      { title: "Workqueue depth by controller", unit: "short", targets: [{ expr: `sum by (job, name) (workqueue_depth{${operators}})`, legend: "{{job}} {{name}}" }] },
      {
        title: "Operator CPU and memory",
        unit: "short",
        targets: [
          { expr: `sum by (job) (rate(process_cpu_seconds_total{${operators}}[1m]))`, legend: "{{job}} CPU (cores)" },
          { expr: `sum by (job) (process_resident_memory_bytes{${operators}}) / 2^20`, legend: "{{job}} RSS (MiB)" },
        ],
      },
    ],
  },
];

const datasource = { type: "prometheus", uid: "${datasource}" };

/** The Grafana dashboard JSON (schema 39) for the benchmark. */
export function benchmarkDashboard(): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const row of rows) {
    panels.push({ id: id++, type: "row", title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    row.panels.forEach((p, i) => {
      panels.push({
        id: id++,
        type: "timeseries",
        title: p.title,
        datasource,
        gridPos: { h: 8, w: 12, x: i * 12, y },
        fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
        options: { legend: { displayMode: "list", placement: "bottom", showLegend: true }, tooltip: { mode: "multi", sort: "desc" } },
        targets: p.targets.map((t, j) => ({ refId: String.fromCharCode(65 + j), datasource, expr: t.expr, legendFormat: t.legend })),
      });
    });
    y += 8;
  }
  return {
    uid: "hcpbench",
    title: "hcpbench: hosted control plane benchmark",
    tags: ["hcpbench"],
    timezone: "utc",
    schemaVersion: 39,
    version: 1,
    editable: true,
    refresh: "30s",
    time: { from: "now-1h", to: "now" },
    templating: { list: [{ name: "datasource", type: "datasource", query: "prometheus", label: "Data source", current: { text: "Prometheus", value: "prometheus" } }] },
    panels,
  };
}

/** Grafana's dashboard sidecar loads every ConfigMap with this label (kubePrometheusStackRelease). */
export function benchmarkDashboardConfigMap(): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "hcpbench-dashboard", namespace: namespaces.monitoring, labels: { grafana_dashboard: "1", "app.kubernetes.io/part-of": "hcpbench" } },
    data: { "hcpbench.json": JSON.stringify(benchmarkDashboard(), null, 2) },
  };
}
