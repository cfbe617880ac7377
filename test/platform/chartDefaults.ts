import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { charts } from "../../infra/platform/helmReleaseSpec";

const chartsDir = path.join(__dirname, "..", "fixtures", "charts");

/** A chart's default values.yaml from test/fixtures/charts. */
export function chartDefaults(file: string): Record<string, unknown> {
  return parse(fs.readFileSync(path.join(chartsDir, file), "utf8")) as Record<string, unknown>;
}

export function fixturePath(file: string): string {
  return path.join(chartsDir, file);
}

/**
 * Keys whose children are the caller's to choose, as each chart documents:
 * Kubernetes maps (selectors, annotations, labels, resources, affinity, a
 * StorageSpec, an issuer reference), environment maps, and the NATS chart's
 * `merge` patches. Everything else must exist in the chart's defaults.
 */
export const freeFormKeys = new Set(["nodeSelector", "annotations", "labels", "podAnnotations", "podLabels", "resources", "affinity", "storageSpec", "issuerRef", "merge", "env", "environment"]);

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Paths of every key set in `values` that the chart's defaults do not have.
 * `subcharts` maps a top-level key to the subchart's own defaults (e.g.
 * kube-prometheus-stack's `grafana`): a key under it may exist in either.
 */
export function unknownValueKeys(values: Record<string, unknown>, defaults: Record<string, unknown>, subcharts: Record<string, Record<string, unknown>> = {}): string[] {
  const walk = (vals: Record<string, unknown>, defs: readonly Record<string, unknown>[], prefix: string): string[] =>
    Object.entries(vals).flatMap(([key, value]) => {
      const at = prefix ? `${prefix}.${key}` : key;
      const known = defs.filter((d) => Object.prototype.hasOwnProperty.call(d, key));
      if (!prefix && subcharts[key]) known.push(subcharts[key]);
      if (known.length === 0) return [at];
      if (freeFormKeys.has(key) || !isMap(value)) return [];
      const children = known.map((d) => (d === subcharts[key] && !prefix ? d : d[key])).filter(isMap);
      return walk(value, children, at);
    });
  return walk(values, [defaults], "");
}

/** Helm's merge of user values over chart defaults: maps merge, everything else replaces. */
export function mergeValues(defaults: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(values)) out[k] = isMap(v) && isMap(out[k]) ? mergeValues(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/** Release name -> its chart's defaults (and subcharts' defaults by values key). */
export const chartFixtures: Record<string, { defaults: string; subcharts?: Record<string, string>; version: string }> = {
  "cert-manager": { defaults: "cert-manager-v1.21.1.values.yaml", version: charts.certManager.version },
  kamaji: { defaults: "kamaji-0.0.0+latest.values.yaml", version: charts.kamaji.version },
  "kamaji-etcd": { defaults: "kamaji-etcd-0.17.0.values.yaml", version: charts.kamajiEtcd.version },
  "metrics-server": { defaults: "metrics-server-3.13.1.values.yaml", version: charts.metricsServer.version },
  "kube-prometheus-stack": {
    defaults: "kube-prometheus-stack-88.5.3.values.yaml",
    subcharts: { grafana: "grafana-12.11.1.values.yaml", "kube-state-metrics": "kube-state-metrics-8.4.0.values.yaml", "prometheus-node-exporter": "prometheus-node-exporter-4.56.1.values.yaml" },
    version: charts.kubePrometheusStack.version,
  },
  minio: { defaults: "minio-5.4.0.values.yaml", version: charts.minio.version },
  t4: { defaults: "t4-0.5.4.values.yaml", version: charts.t4.version },
  nats: { defaults: "nats-2.14.2.values.yaml", version: charts.nats.version },
};

export function unknownKeysOf(release: { name: string; values: Record<string, unknown> }): string[] {
  const fixture = chartFixtures[release.name];
  if (!fixture) throw new Error(`no chart fixture for release ${release.name}`);
  const subcharts = Object.fromEntries(Object.entries(fixture.subcharts ?? {}).map(([k, f]) => [k, chartDefaults(f)]));
  return unknownValueKeys(release.values, chartDefaults(fixture.defaults), subcharts);
}
