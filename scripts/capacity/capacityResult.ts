import { formatCsv } from "../../infra/names/csv";
import { scaleHeader, type ScaleColumn } from "../results/benchCsvHeaders";
import type { CapacityQueryName } from "./capacityQueries";
import { peakUsage, seriesMax, type PeakUsage, type PodSeries } from "./peakUsage";
import { poolUsage, type NodeRef, type PoolUsage } from "./poolUsage";
import type { ReadinessSummary } from "./readinessSummary";

export const capacitySchemaVersion = 1;

/** What one fleet needed, written as capacity.json beside scale.csv. */
export interface CapacityResult {
  readonly schemaVersion: typeof capacitySchemaVersion;
  readonly stack: string;
  readonly sweepId: string;
  readonly backend: string;
  readonly hcpCount: number;
  readonly parallelism: number;
  readonly replicas: number;
  readonly preset: string;
  readonly capturedAt: string;
  /** The window the usage figures cover: first HCP created (minus a minute) to capture. */
  readonly window: { readonly start: string; readonly end: string };
  readonly readiness: ReadinessSummary;
  /** Peak usage; cpu in millicores, memory in MiB. Units: one per HCP (HCP pods) or per storage unit. */
  readonly hcp: { readonly cpuM: PeakUsage; readonly memMi: PeakUsage };
  /** Absent when the backend keeps its storage inside the HCP pod (kine-sqlite, kine-nats-embedded). */
  readonly storage?: { readonly cpuM: PeakUsage; readonly memMi: PeakUsage };
  /** What one HCP costs at peak: total / HCPs. */
  readonly perHcp: { readonly cpuM?: number; readonly memMi?: number; readonly totalCpuM?: number; readonly totalMemMi?: number };
  readonly operator: {
    readonly cpuM?: number;
    readonly memMi?: number;
    readonly workqueueDepthMax?: number;
    readonly reconcileP95S?: number;
    readonly reconcileErrPerS?: number;
  };
  readonly managementApiserver: { readonly qpsMax?: number; readonly p99SMax?: number };
  readonly workers: { readonly cpuMaxPct?: number; readonly memMaxPct?: number };
  /**
   * HCP and storage pods together at their busiest moment (sum per sample
   * time, then max). Adding the HCP peak to the storage peak would add two
   * different moments, so that sum is never written as a total.
   */
  readonly podsTotal?: { readonly cpuM?: number; readonly memMi?: number };
  /** Node-level usage per pool over time, from the nodes' own metrics, against the nodes' allocatable. */
  readonly pools?: Readonly<Record<string, PoolUsage>>;
  /** The pool the HCP pods run on, and every pool the HCP and storage pods can run on. */
  readonly hcpPool?: string;
  readonly podPools?: readonly string[];
  /** Queries that returned no series (metric not scraped, group without pods): their columns stay empty. */
  readonly noData: readonly CapacityQueryName[];
}

/** The fleet's identity and timing, as the result repeats them, plus the query results to reduce. */
export interface CapacityInputs
  extends Pick<CapacityResult, "stack" | "sweepId" | "backend" | "hcpCount" | "parallelism" | "replicas" | "preset" | "capturedAt" | "window" | "readiness"> {
  readonly series: Partial<Record<CapacityQueryName, readonly PodSeries[]>>;
  /** Pod -> HCP (or storage unit) it belongs to. */
  readonly unitOf: (pod: string) => string | undefined;
  /** Queries that were not run because their pod group is empty. */
  readonly skipped: readonly CapacityQueryName[];
  /** Storage pods exist apart from the HCP pods (listed by label); false when storage lives in the HCP pod. */
  readonly separateStorage: boolean;
  /** Nodes by pool, with their allocatable, for the node-level figures. */
  readonly nodes?: readonly NodeRef[];
  readonly hcpPool?: string;
  readonly podPools?: readonly string[];
}

const per = (x: number | undefined, n: number) => (x === undefined ? undefined : x / n);

/** Pure: the capture's numbers from the query results. */
export function capacityResult(i: CapacityInputs): CapacityResult {
  const s = (name: CapacityQueryName) => i.series[name] ?? [];
  const hcp = { cpuM: peakUsage(s("hcpCpuM"), i.unitOf), memMi: peakUsage(s("hcpMemMi"), i.unitOf) };
  const storage = i.separateStorage ? { cpuM: peakUsage(s("storageCpuM"), i.unitOf), memMi: peakUsage(s("storageMemMi"), i.unitOf) } : undefined;
  const ran = Object.keys(i.series) as CapacityQueryName[];
  const both = peakUsage([...s("hcpCpuM"), ...(i.separateStorage ? s("storageCpuM") : [])]);
  const bothMem = peakUsage([...s("hcpMemMi"), ...(i.separateStorage ? s("storageMemMi") : [])]);
  return {
    schemaVersion: capacitySchemaVersion,
    stack: i.stack,
    sweepId: i.sweepId,
    backend: i.backend,
    hcpCount: i.hcpCount,
    parallelism: i.parallelism,
    replicas: i.replicas,
    preset: i.preset,
    capturedAt: i.capturedAt,
    window: i.window,
    readiness: i.readiness,
    hcp,
    ...(storage ? { storage } : {}),
    perHcp: {
      cpuM: per(hcp.cpuM.total, i.hcpCount),
      memMi: per(hcp.memMi.total, i.hcpCount),
      // From the peak of the sum: each group's own peak can fall at a different moment.
      totalCpuM: per(both.total, i.hcpCount),
      totalMemMi: per(bothMem.total, i.hcpCount),
    },
    operator: {
      cpuM: peakUsage(s("operatorCpuM")).total,
      memMi: peakUsage(s("operatorMemMi")).total,
      workqueueDepthMax: seriesMax(s("workqueueDepth")),
      reconcileP95S: seriesMax(s("reconcileP95S")),
      reconcileErrPerS: seriesMax(s("reconcileErrPerS")),
    },
    managementApiserver: { qpsMax: seriesMax(s("apiserverQps")), p99SMax: seriesMax(s("apiserverP99S")) },
    workers: { cpuMaxPct: seriesMax(s("workerCpuPct")), memMaxPct: seriesMax(s("workerMemPct")) },
    podsTotal: { cpuM: both.total, memMi: bothMem.total },
    ...(i.nodes ? { pools: poolUsage(s("nodeCpuM"), s("nodeMemMi"), i.nodes) } : {}),
    ...(i.hcpPool ? { hcpPool: i.hcpPool } : {}),
    ...(i.podPools ? { podPools: i.podPools } : {}),
    noData: [...i.skipped, ...ran.filter((n) => (i.series[n] ?? []).length === 0)].sort(),
  };
}

/** Columns scale.csv carries after the original ones. */
export const scaleExtraColumns = [
  "stack",
  "sweep_id",
  "replicas",
  "preset",
  "hcps_ready",
  // HCP + storage pods at their busiest moment (peak of the sum).
  "total_cpu_m",
  "total_mem_mi",
  // Node-level: the HCP pool's nodes at their busiest moment, and what they can allocate.
  "hcp_pool_cpu_peak_m",
  "hcp_pool_mem_peak_mi",
  "hcp_pool_alloc_cpu_m",
  "hcp_pool_alloc_mem_mi",
  // What every pool the HCP and storage pods can run on allocates: the ceiling of the totals.
  "pods_alloc_cpu_m",
  "pods_alloc_mem_mi",
] as const;

/** Allocatable summed over pools; undefined when any of them is unknown. */
function allocatableOf(r: CapacityResult, names: readonly string[]): { cpuM: number; memMi: number } | undefined {
  if (!r.pools || names.length === 0) return undefined;
  let cpuM = 0;
  let memMi = 0;
  for (const n of names) {
    const a = r.pools[n]?.allocatable;
    if (!a) return undefined;
    cpuM += a.cpuM;
    memMi += a.memMi;
  }
  return { cpuM, memMi };
}

/**
 * One scale.csv row with the original header, every column (unknown ones
 * empty): nothing here measures churn recovery or the management etcd (EKS
 * does not expose it).
 */
export function scaleCsv(r: CapacityResult): string {
  const d = (x: number | undefined, digits: number) => (x === undefined ? "" : x.toFixed(digits));
  const hcpPool = r.hcpPool ? r.pools?.[r.hcpPool] : undefined;
  const podsAlloc = allocatableOf(r, r.podPools ?? []);
  const row: Partial<Record<ScaleColumn | (typeof scaleExtraColumns)[number], string | number>> = {
    timestamp: r.capturedAt,
    storage_name: r.backend,
    cluster_count: r.hcpCount,
    parallelism: r.parallelism,
    run_id: "1",
    provision_p50_s: d(r.readiness.p50, 3),
    provision_p95_s: d(r.readiness.p95, 3),
    provision_p99_s: d(r.readiness.p99, 3),
    provision_max_s: d(r.readiness.max, 3),
    hcp_p50_mem_mi: d(r.hcp.memMi.p50, 1),
    hcp_p95_mem_mi: d(r.hcp.memMi.p95, 1),
    hcp_total_mem_mi: d(r.hcp.memMi.total, 1),
    hcp_p50_cpu_m: d(r.hcp.cpuM.p50, 1),
    hcp_total_cpu_m: d(r.hcp.cpuM.total, 1),
    // A backend whose storage lives in the HCP pod has no separate storage: 0, not unknown.
    storage_p50_mem_mi: r.storage ? d(r.storage.memMi.p50, 1) : "0",
    storage_p95_mem_mi: r.storage ? d(r.storage.memMi.p95, 1) : "0",
    storage_total_mem_mi: r.storage ? d(r.storage.memMi.total, 1) : "0",
    storage_p50_cpu_m: r.storage ? d(r.storage.cpuM.p50, 1) : "0",
    storage_total_cpu_m: r.storage ? d(r.storage.cpuM.total, 1) : "0",
    operator_mem_mi: d(r.operator.memMi, 1),
    operator_cpu_m: d(r.operator.cpuM, 1),
    mgmt_apiserver_qps: d(r.managementApiserver.qpsMax, 2),
    mgmt_apiserver_p99_s: d(r.managementApiserver.p99SMax, 3),
    op_reconcile_p95_s: d(r.operator.reconcileP95S, 3),
    op_reconcile_err_per_s: d(r.operator.reconcileErrPerS, 3),
    op_workqueue_depth_max: d(r.operator.workqueueDepthMax, 0),
    worker_cpu_max_pct: d(r.workers.cpuMaxPct, 1),
    worker_mem_max_pct: d(r.workers.memMaxPct, 1),
    stack: r.stack,
    sweep_id: r.sweepId,
    replicas: r.replicas,
    preset: r.preset,
    hcps_ready: r.readiness.ready,
    total_cpu_m: d(r.podsTotal?.cpuM, 1),
    total_mem_mi: d(r.podsTotal?.memMi, 1),
    hcp_pool_cpu_peak_m: d(hcpPool?.peakCpuM, 1),
    hcp_pool_mem_peak_mi: d(hcpPool?.peakMemMi, 1),
    hcp_pool_alloc_cpu_m: d(hcpPool?.allocatable?.cpuM, 0),
    hcp_pool_alloc_mem_mi: d(hcpPool?.allocatable?.memMi, 0),
    pods_alloc_cpu_m: d(podsAlloc?.cpuM, 0),
    pods_alloc_mem_mi: d(podsAlloc?.memMi, 0),
  };
  const header = [...scaleHeader, ...scaleExtraColumns];
  return formatCsv(header, [header.map((c) => row[c] ?? "")]);
}
