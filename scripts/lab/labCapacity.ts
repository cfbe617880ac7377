import * as os from "node:os";
import type { CapacityResult } from "../capacity/capacityResult";
import { capacityResult } from "../capacity/capacityResult";
import type { PodSeries } from "../capacity/peakUsage";
import { summarizeReadiness } from "../capacity/readinessSummary";
import type { LabState } from "./labState";
import type { ProcSeries, WatchedProcess } from "./procSampler";

/** Every process of a lab that is up, labelled with the HCP it serves (storage servers serve all). */
export function watchedProcesses(state: LabState): WatchedProcess[] {
  const out: WatchedProcess[] = [];
  for (const h of state.hcps) {
    out.push({ role: `kube-apiserver ${h.backend}/${h.name}`, pid: h.pids.apiserver, hcp: h.name, group: "hcp" });
    if (h.pids.kine !== undefined) out.push({ role: `kine ${h.backend}/${h.name}`, pid: h.pids.kine, hcp: h.name, group: "hcp" });
    if (h.pids.controllerManager !== undefined) out.push({ role: `kube-controller-manager ${h.backend}/${h.name}`, pid: h.pids.controllerManager, hcp: h.name, group: "hcp" });
    if (h.pids.scheduler !== undefined) out.push({ role: `kube-scheduler ${h.backend}/${h.name}`, pid: h.pids.scheduler, hcp: h.name, group: "hcp" });
  }
  const hcpPids = new Set(out.map((p) => p.pid));
  for (const p of state.processes) if (!hcpPids.has(p.pid)) out.push({ role: p.role, pid: p.pid, group: "storage" });
  return out;
}

/** Per process: its peak memory (PSS) and CPU over the samples, and its mean CPU. */
export interface ProcessPeak {
  readonly role: string;
  readonly hcp?: string;
  readonly peakMemMi: number;
  readonly peakCpuM: number;
  readonly meanCpuM: number;
  readonly samples: number;
}

export function processPeaks(series: readonly ProcSeries[]): ProcessPeak[] {
  return series.map((s) => ({
    role: s.process.role,
    ...(s.process.hcp ? { hcp: s.process.hcp } : {}),
    peakMemMi: Math.max(0, ...s.points.map((p) => p.memMi)),
    peakCpuM: Math.max(0, ...s.points.map((p) => p.cpuM)),
    meanCpuM: s.points.length > 0 ? s.points.reduce((a, p) => a + p.cpuM, 0) / s.points.length : 0,
    samples: s.points.length,
  }));
}

/** Samples are taken for all processes at once, so equal sample times line up across processes: round to the second. */
function toPodSeries(series: readonly ProcSeries[], group: "hcp" | "storage", value: "cpuM" | "memMi"): PodSeries[] {
  return series.filter((s) => s.process.group === group).map((s) => ({ pod: s.process.role, points: s.points.map((p) => [Math.round(p.t), p[value]] as const) }));
}

/**
 * The capacity capture's result for a lab: readiness from process start (the
 * lab's own clock) and peak CPU / memory from /proc instead of Prometheus.
 * Units: one per HCP (its API server and kine), one per storage server.
 */
export function labCapacity(args: { stack: string; sweepId: string; backend: string; state: LabState; series: readonly ProcSeries[]; window: { start: string; end: string } }): CapacityResult {
  const unitOf = new Map(args.series.map((s) => [s.process.role, s.process.hcp ?? s.process.role]));
  const readiness = summarizeReadiness(
    args.state.hcps.map((h) => ({ name: h.name, namespace: "lab", kind: "Cluster" as const, createdAt: h.startedAt, readyAt: h.readyAt, secondsToReady: h.secondsToReady })),
  );
  const storage = args.series.some((s) => s.process.group === "storage");
  return capacityResult({
    stack: args.stack,
    sweepId: args.sweepId,
    backend: args.backend,
    hcpCount: args.state.hcps.length,
    parallelism: args.state.hcps.length,
    replicas: 1,
    preset: "unlimited",
    capturedAt: args.window.end,
    window: args.window,
    readiness,
    series: {
      hcpCpuM: toPodSeries(args.series, "hcp", "cpuM"),
      hcpMemMi: toPodSeries(args.series, "hcp", "memMi"),
      ...(storage ? { storageCpuM: toPodSeries(args.series, "storage", "cpuM"), storageMemMi: toPodSeries(args.series, "storage", "memMi") } : {}),
    },
    unitOf: (pod) => unitOf.get(pod),
    skipped: ["operatorCpuM", "operatorMemMi", "workqueueDepth", "reconcileP95S", "reconcileErrPerS", "apiserverQps", "apiserverP99S", "workerCpuPct", "workerMemPct", "nodeCpuM", "nodeMemMi"],
    separateStorage: storage,
    // The lab's one "node" is this machine: its totals are held to its cores and memory, not to an AWS pool's.
    nodes: [{ name: os.hostname(), pool: "lab", allocatable: { cpuM: os.cpus().length * 1000, memMi: Math.floor(os.totalmem() / 2 ** 20) } }],
    hcpPool: "lab",
    podPools: ["lab"],
  });
}
