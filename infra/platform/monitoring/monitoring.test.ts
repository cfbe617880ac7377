import { describe, expect, it } from "vitest";
import { namespaces } from "../../namespaces";
import { benchmarkDashboard, benchmarkDashboardConfigMap, operatorJobs } from "./benchmarkDashboard";
import { hcpApiServerJob, hcpApiServerKeptMetrics, hcpApiServerMonitor } from "./hcpApiServerMonitor";
import { platformMonitors } from "./platformMonitors";

type Panel = { id: number; type: string; title: string; gridPos: { x: number; y: number; w: number; h: number }; targets?: { expr: string; refId: string }[] };
const dashboard = benchmarkDashboard() as { uid: string; panels: Panel[] };
const graphs = dashboard.panels.filter((p) => p.type === "timeseries");
const exprs = graphs.flatMap((p) => p.targets!.map((t) => t.expr));

/** Metric names a PromQL expression selects (identifiers followed by `{`). */
const metricsIn = (expr: string) => [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1]);

/** Prometheus' relabel regexes are fully anchored. */
const keep = new RegExp(`^(?:${hcpApiServerKeptMetrics.join("|")})$`);

describe("benchmark dashboard", () => {
  it("answers each question of the brief with a panel", () => {
    const titles = graphs.map((p) => p.title).join(" | ");
    for (const q of [/Request rate/, /Request latency p99/, /etcd_request_duration p99 by operation/, /Datastore CPU/, /Datastore memory/, /HCP pod CPU/, /HCP pod memory/, /Workqueue depth/]) expect(titles).toMatch(q);
  });

  it("has unique panel ids and no overlapping panels", () => {
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    const cells = new Set<string>();
    for (const p of dashboard.panels) {
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          expect(cells.has(`${x},${y}`), `${p.title} overlaps at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    }
  });

  it("writes balanced PromQL with unique refIds per panel", () => {
    for (const p of graphs) {
      expect(new Set(p.targets!.map((t) => t.refId)).size).toBe(p.targets!.length);
      for (const t of p.targets!) {
        for (const [open, close] of [["(", ")"], ["{", "}"], ["[", "]"]]) expect(t.expr.split(open).length, t.expr).toBe(t.expr.split(close).length);
      }
    }
  });

  it("queries only API server metrics that the HCP monitors keep", () => {
    const hcpExprs = exprs.filter((e) => e.includes(`job="${hcpApiServerJob}"`));
    expect(hcpExprs.length).toBeGreaterThanOrEqual(4);
    for (const metric of hcpExprs.flatMap(metricsIn)) expect(metric, metric).toMatch(keep);
    // And the filter really filters: a metric the dashboard does not need is dropped.
    expect("apiserver_admission_webhook_admission_duration_seconds_bucket").not.toMatch(keep);
  });

  it("selects the operators by the job names their PodMonitors set", () => {
    const jobs = [...platformMonitors({ operator: "k0smotron", postgres: false, mysql: false, minio: false, t4: false, nats: false, kamajiEtcd: false }), ...platformMonitors({ operator: "kamaji", postgres: false, mysql: false, minio: false, t4: false, nats: false, kamajiEtcd: false })].map(
      (m) => ((m.spec as { podMetricsEndpoints: { relabelings: { replacement: string }[] }[] }).podMetricsEndpoints[0].relabelings[0].replacement),
    );
    expect(jobs.sort()).toEqual([...operatorJobs].sort());
    expect(exprs.filter((e) => e.includes("workqueue_depth"))).toHaveLength(1);
  });

  it("ships as a ConfigMap the Grafana sidecar loads", () => {
    const cm = benchmarkDashboardConfigMap();
    expect(cm.metadata).toMatchObject({ namespace: namespaces.monitoring, labels: { grafana_dashboard: "1" } });
    expect(JSON.parse((cm.data as Record<string, string>)["hcpbench.json"]).uid).toBe("hcpbench");
  });
});

describe("HCP API server monitors", () => {
  const target = { name: "hcp-007", namespace: namespaces.fleet, serviceSelector: { app: "k0smotron", cluster: "hcp-007" }, portName: "api" };

  it("k0smotron: a client certificate for system:monitoring, signed by the HCP's own CA", () => {
    const [issuer, cert, monitor] = hcpApiServerMonitor({ ...target, operator: "k0smotron" });
    expect(issuer).toMatchObject({ kind: "Issuer", metadata: { namespace: namespaces.fleet }, spec: { ca: { secretName: "hcp-007-ca" } } });
    expect(cert).toMatchObject({
      kind: "Certificate",
      spec: { subject: { organizations: ["system:monitoring"] }, usages: expect.arrayContaining(["client auth"]), issuerRef: { name: issuer.metadata.name, kind: "Issuer" } },
    });
    const endpoint = (monitor.spec as { endpoints: Record<string, unknown>[] }).endpoints[0] as { tlsConfig: Record<string, unknown>; scheme: string };
    const secretName = (cert.spec as { secretName: string }).secretName;
    expect(endpoint.scheme).toBe("https");
    expect(endpoint.tlsConfig).toEqual({
      ca: { secret: { name: "hcp-007-ca", key: "tls.crt" } },
      cert: { secret: { name: secretName, key: "tls.crt" } },
      keySecret: { name: secretName, key: "tls.key" },
      serverName: "kubernetes.default.svc",
    });
  });

  it("Kamaji: the client certificate Kamaji issues for each TCP, verified against the TCP's CA", () => {
    const objects = hcpApiServerMonitor({ ...target, operator: "kamaji" });
    expect(objects.map((o) => o.kind)).toEqual(["ServiceMonitor"]);
    const endpoint = (objects[0].spec as { endpoints: { tlsConfig: Record<string, unknown> }[] }).endpoints[0];
    expect(endpoint.tlsConfig).toEqual({
      ca: { secret: { name: "hcp-007-ca", key: "ca.crt" } },
      cert: { secret: { name: "hcp-007-api-server-kubelet-client-certificate", key: "apiserver-kubelet-client.crt" } },
      keySecret: { name: "hcp-007-api-server-kubelet-client-certificate", key: "apiserver-kubelet-client.key" },
      serverName: "kubernetes.default.svc",
    });
    expect(JSON.stringify(objects)).not.toContain("insecureSkipVerify");
  });

  it("labels every series with its HCP and drops the metrics and buckets nobody reads", () => {
    const monitor = hcpApiServerMonitor({ ...target, operator: "kamaji" })[0];
    const endpoint = (monitor.spec as { endpoints: { relabelings: Record<string, string>[]; metricRelabelings: { action: string; regex: string }[] }[] }).endpoints[0];
    expect(endpoint.relabelings).toContainEqual({ action: "replace", targetLabel: "hcp", replacement: "hcp-007" });
    expect(endpoint.relabelings).toContainEqual({ action: "replace", targetLabel: "job", replacement: hcpApiServerJob });
    const drop = new RegExp(`^(?:${endpoint.metricRelabelings.find((r) => r.action === "drop")!.regex})$`);
    expect("etcd_request_duration_seconds_bucket;0.6").toMatch(drop);
    expect("etcd_request_duration_seconds_bucket;0.1").not.toMatch(drop);
    expect("apiserver_request_duration_seconds_bucket;+Inf").not.toMatch(drop);
  });
});
