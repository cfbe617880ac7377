import { describe, expect, it } from "vitest";
import { parseCsv } from "../../infra/names/csv";
import { scaleHeader } from "../results/benchCsvHeaders";
import { parseConfig } from "../../infra/config/stackFiles";
import type { ManagementApi } from "../../workloads/samplers/managementApi";
import { capacityQueries, queryStep } from "./capacityQueries";
import { scaleCsv } from "./capacityResult";
import { captureCapacity } from "./captureCapacity";
import { peakUsage } from "./peakUsage";
import { quantile } from "./quantile";
import { summarizeReadiness } from "./readinessSummary";

describe("quantile", () => {
  it("interpolates between closest ranks", () => {
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.95)).toBeCloseTo(10.5, 9);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeUndefined();
  });
});

describe("peakUsage", () => {
  const series = [
    { pod: "kmc-hcp-001-0", points: [[0, 100], [15, 300], [30, 100]] as [number, number][] },
    { pod: "kmc-hcp-001-1", points: [[0, 100], [15, 100], [30, 100]] as [number, number][] },
    { pod: "kmc-hcp-002-0", points: [[0, 500], [15, 100], [30, 50]] as [number, number][] },
  ];
  const unitOf = (pod: string) => /^kmc-(hcp-\d+)-\d+$/.exec(pod)?.[1];

  it("takes the group's total at its busiest moment, not the sum of each pod's own peak", () => {
    const u = peakUsage(series, unitOf);
    expect(u.total).toBe(700); // t=0: 100+100+500; per-pod peaks would sum to 900
    expect(u.units).toEqual({ "hcp-001": 400, "hcp-002": 500 });
    expect(u.p50).toBe(450);
    expect(u.max).toBe(500);
  });

  it("counts each pod as its own unit when no unit is known", () => {
    expect(Object.keys(peakUsage(series).units)).toHaveLength(3);
    expect(peakUsage([]).total).toBeUndefined();
  });
});

describe("summarizeReadiness", () => {
  it("reports percentiles over Ready HCPs and names the others", () => {
    const t0 = Date.parse("2026-01-01T00:00:00Z");
    const iso = (s: number) => new Date(t0 + s * 1000).toISOString();
    const times = [10, 20, 30, 40].map((s, i) => ({ name: `hcp-00${i + 1}`, namespace: "f", kind: "Cluster" as const, createdAt: iso(i), readyAt: iso(i + s), secondsToReady: s }));
    const r = summarizeReadiness([...times, { name: "hcp-005", namespace: "f", kind: "Cluster", createdAt: iso(5) }]);
    expect(r).toMatchObject({ hcps: 5, ready: 4, p50: 25, max: 40, firstCreatedAt: iso(0), lastReadyAt: iso(43), notReady: ["hcp-005"] });
    expect(r.p99).toBeCloseTo(39.7, 9);
  });
});

describe("capacityQueries", () => {
  it("selects exactly the listed pods, escaping regex characters, and skips empty groups", () => {
    const q = capacityQueries({ hcp: { namespaces: ["hcpbench-fleet"], pods: ["kmc-hcp-001-0", "a.b"] }, storage: { namespaces: ["hcpbench-data"], pods: [] }, operatorNamespace: "k0smotron", workerNodes: [] });
    expect(q.hcpMemMi).toContain('pod=~"kmc-hcp-001-0|a\\\\.b"');
    expect(q.hcpCpuM).toContain('rate(container_cpu_usage_seconds_total{namespace=~"hcpbench-fleet",');
    const spread = capacityQueries({ hcp: { namespaces: ["f"], pods: ["x"] }, storage: { namespaces: ["hcpbench-data", "kamaji-system"], pods: ["pg-0", "kamaji-etcd-0"] }, operatorNamespace: "kamaji-system", workerNodes: [] });
    expect(spread.storageMemMi).toContain('namespace=~"hcpbench-data|kamaji-system",pod=~"pg-0|kamaji-etcd-0"');
    expect(q.storageMemMi).toBeUndefined();
    expect(q.workqueueDepth).toBe('max by (name) (workqueue_depth{namespace="k0smotron"})');
    expect(q.workerCpuPct).not.toContain("node=~");
    const pooled = capacityQueries({ hcp: { namespaces: ["f"], pods: [] }, operatorNamespace: "kamaji-system", workerNodes: ["ip-10-0-0-1"] });
    expect(pooled.hcpMemMi).toBeUndefined();
    expect(pooled.workerMemPct).toContain('node=~"ip-10-0-0-1"');
  });

  it("keeps range queries under Prometheus' point limit", () => {
    expect(queryStep(0, 600)).toBe(15);
    expect((86400 * 2) / queryStep(0, 86400 * 2)).toBeLessThanOrEqual(11000);
  });
});

/** A management API answering from a table of paths, like the API server with Prometheus behind its service proxy. */
function fakeApi(routes: (path: string) => unknown): ManagementApi & { paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    async getJson<T>(path: string): Promise<T> {
      paths.push(path);
      const body = routes(path);
      if (body === undefined) throw new Error(`GET ${path}: HTTP 404`);
      return body as T;
    },
    close: async () => undefined,
  };
}

describe("captureCapacity", () => {
  const cfg = parseConfig({ fleet: { backend: "kine-postgres", count: 2, replicas: 3 } });
  const created = "2026-01-01T00:00:00Z";
  const cluster = (name: string, readyS: number) => ({
    apiVersion: "k0smotron.io/v1beta2",
    kind: "Cluster",
    metadata: { name, namespace: "hcpbench-fleet", creationTimestamp: created },
    // As k0smotron v2.1.0 reports a ClusterIP HCP: Available stays False (no externalAddress), ControlPlaneFunctional turns True.
    status: {
      conditions: [
        { type: "Available", status: "False", lastTransitionTime: created },
        { type: "ControlPlaneFunctional", status: "True", lastTransitionTime: new Date(Date.parse(created) + readyS * 1000).toISOString() },
      ],
    },
  });
  const matrix = (result: { metric: Record<string, string>; values: [number, string][] }[]) => ({ status: "success", data: { resultType: "matrix", result } });

  it("joins readiness, HCP and storage peaks, operator and node figures into capacity.json and scale.csv", async () => {
    const api = fakeApi((path) => {
      if (path.startsWith("/apis/k0smotron.io/v1beta2/namespaces/hcpbench-fleet/clusters")) return { items: [cluster("hcp-001", 20), cluster("hcp-002", 40)] };
      if (path.startsWith("/api/v1/namespaces/hcpbench-fleet/pods"))
        return { items: ["kmc-hcp-001-0", "kmc-hcp-001-1", "kmc-hcp-002-0"].map((name) => ({ metadata: { name, labels: { cluster: name.slice(4, 11) } } })) };
      if (path === "/api/v1/namespaces/hcpbench-data/pods?labelSelector=app.kubernetes.io%2Fname%3Dpostgres") return { items: [{ metadata: { name: "postgres-0", labels: {} } }] };
      if (path.startsWith("/api/v1/nodes?")) return { items: [{ metadata: { name: "node-a" } }] };
      if (path === "/api/v1/nodes")
        return {
          items: [
            { metadata: { name: "node-a", labels: { "hcpbench.io/pool": "hcp" } }, status: { allocatable: { cpu: "15890m", memory: "64109568Ki" } } },
            { metadata: { name: "node-b", labels: { "hcpbench.io/pool": "hcp" } }, status: { allocatable: { cpu: "15890m", memory: "64109568Ki" } } },
            { metadata: { name: "db-0", labels: { "hcpbench.io/pool": "db-postgres" } }, status: { allocatable: { cpu: "3920m", memory: "32537600Ki" } } },
          ],
        };
      if (!path.includes("/proxy/api/v1/query_range")) return undefined;
      const q = new URLSearchParams(path.split("?")[1]).get("query")!;
      if (q.includes("hcpbench-fleet") && q.includes("memory")) return matrix([{ metric: { pod: "kmc-hcp-001-0" }, values: [[1, "300"]] }, { metric: { pod: "kmc-hcp-001-1" }, values: [[1, "200"]] }, { metric: { pod: "kmc-hcp-002-0" }, values: [[1, "100"]] }]);
      if (q.includes("hcpbench-fleet")) return matrix([{ metric: { pod: "kmc-hcp-001-0" }, values: [[1, "1000"]] }, { metric: { pod: "kmc-hcp-002-0" }, values: [[1, "600"]] }]);
      if (q.includes("hcpbench-data") && q.includes("memory")) return matrix([{ metric: { pod: "postgres-0" }, values: [[1, "2048"]] }]);
      // Storage peaks 15 s after the HCPs do.
      if (q.includes("hcpbench-data")) return matrix([{ metric: { pod: "postgres-0" }, values: [[1, "100"], [16, "400"]] }]);
      if (q.startsWith('sum by (node) (rate(container_cpu_usage_seconds_total{id="/"}'))
        return matrix([
          { metric: { node: "node-a" }, values: [[1, "9000"], [16, "12000"]] },
          { metric: { node: "node-b" }, values: [[1, "9000"], [16, "4000"]] },
          { metric: { node: "db-0" }, values: [[1, "500"], [16, "4100"]] },
        ]);
      if (q.startsWith('sum by (node) (container_memory_working_set_bytes{id="/"}'))
        return matrix([
          { metric: { node: "node-a" }, values: [[1, "30000"]] },
          { metric: { node: "node-b" }, values: [[1, "20000"]] },
        ]);
      if (q.startsWith("max by (name) (workqueue_depth")) return matrix([{ metric: { name: "cluster" }, values: [[1, "3"], [16, "12"]] }]);
      if (q.includes("namespace=\"k0smotron\"") && q.includes("memory")) return matrix([{ metric: { pod: "k0smotron-controller" }, values: [[1, "80"]] }]);
      return matrix([]);
    });
    const r = await captureCapacity({ stack: "kine-postgres-2", cfg, api, now: () => new Date("2026-01-01T00:10:00Z") });
    expect(r.readiness).toMatchObject({ hcps: 2, ready: 2, p50: 30, max: 40 });
    expect(r.hcp.memMi.total).toBe(600);
    expect(r.hcp.memMi.units).toEqual({ "hcp-001": 500, "hcp-002": 100 }); // two replicas of hcp-001 are one HCP
    // HCP and storage pods together: t=1 1600 + 100, t=16 400 -> 1700 (the two peaks would add to 2000).
    expect(r.podsTotal).toEqual({ cpuM: 1700, memMi: 2648 });
    expect(r.perHcp).toEqual({ cpuM: 800, memMi: 300, totalCpuM: 850, totalMemMi: 1324 });
    // Node level: hcp pool 18,000m at t=1 and 16,000m at t=16 (each node's own peak would add to 21,000m);
    // 64,109,568 KiB = 62,607 MiB per node. db-0 peaks at 4,100m, above its 3,920m.
    expect(r.pools?.hcp).toMatchObject({ nodes: 2, peakCpuM: 18000, peakMemMi: 50000, allocatable: { cpuM: 31780, memMi: 125214 }, overAllocatable: [] });
    expect(r.pools?.["db-postgres"]).toMatchObject({ peakCpuM: 4100, overAllocatable: ["cpu"] });
    expect(r.operator).toMatchObject({ memMi: 80, workqueueDepthMax: 12 });
    expect(r.noData).toContain("apiserverQps");
    // Only HCP pool nodes count as workers on AWS; Prometheus is reached through the API server's service proxy.
    expect(api.paths.some((p) => p === "/api/v1/nodes?labelSelector=hcpbench.io%2Fpool%3Dhcp")).toBe(true);
    expect(api.paths.filter((p) => p.startsWith("/api/v1/namespaces/monitoring/services/prometheus-operated:9090/proxy/api/v1/query_range?")).length).toBe(15);

    const [header, row] = parseCsv(scaleCsv(r));
    expect(header.slice(0, scaleHeader.length)).toEqual([...scaleHeader]);
    const at = (c: string) => row[header.indexOf(c)];
    expect(at("storage_name")).toBe("kine-postgres");
    expect(at("cluster_count")).toBe("2");
    expect(at("provision_p50_s")).toBe("30.000");
    expect(at("hcp_total_mem_mi")).toBe("600.0");
    expect(at("storage_total_cpu_m")).toBe("400.0");
    expect(at("op_workqueue_depth_max")).toBe("12");
    expect(at("mgmt_etcd_fsync_p99_s")).toBe("");
    expect(at("churn_recovery_p50_s")).toBe("");
    expect(at("replicas")).toBe("3");
    expect(at("total_cpu_m")).toBe("1700.0");
    expect(at("hcp_pool_cpu_peak_m")).toBe("18000.0");
    expect(at("hcp_pool_alloc_cpu_m")).toBe("31780");
    // The HCP and database pools: 2 x 15,890 + 3,920.
    expect(at("pods_alloc_cpu_m")).toBe("35700");
  });
});
