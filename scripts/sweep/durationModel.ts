import type { Config } from "../../infra/config/schema";
import type { PublishedReference } from "../report/publishedReference";
import { benchPoints } from "../../infra/names/resultsLayout";

/**
 * How long one stack of a sweep takes, step by step: an estimate for
 * `sweep --dry-run` and the progress ETA, not a promise. Every constant is
 * here, with where it comes from.
 *
 * - Substrate up (AWS): EKS control plane about 10 min, managed node groups
 *   about 4 min after it, the EBS CSI add-on and storage classes about 2 min,
 *   then the platform (cert-manager, both operators, kube-prometheus-stack,
 *   the shared datastores) about 5 min: 21 min. On an existing cluster only
 *   the platform: 5 min.
 * - HCP creation: `ceil(count / parallelism)` waves (an HCP starts when the
 *   one `parallelism` places ahead of it is Ready); each wave takes the
 *   backend's published readiness p50, plus one p99-p50 tail for the
 *   slowest HCP. Without a published figure (Kamaji, t4-standalone): 45 s / 90 s.
 * - Capacity capture: 1 min.
 * - Bench: 2 min for the Job to start, then per point the warm-up and the
 *   measured operations at the published throughput of the backend at 1000
 *   clients, capped by what `concurrency` clients can do at 20 ms per request
 *   (closed loop), plus 30 s per point for cleanup, watch drain and upload.
 *   create-list also lists once per client at the published list rate;
 *   watch-churn writes 4 times per object at (published event rate /
 *   watchers). Without a published figure: 1000 writes/s and 150 lists/s.
 * - Collect results: 1 min. Destroy: 15 min on AWS (node groups, EKS, VPC),
 *   3 min on an existing cluster.
 */
export const modelConstants = {
  substrateUpS: { aws: 21 * 60, existing: 5 * 60 },
  fallbackReadyP50S: 45,
  fallbackReadyP99S: 90,
  capacityS: 60,
  jobStartS: 120,
  pointOverheadS: 30,
  requestLatencyS: 0.02,
  fallbackWritesPerS: 1000,
  fallbackListsPerS: 150,
  fallbackLightWritesPerS: 300,
  collectS: 60,
  destroyS: { aws: 15 * 60, existing: 3 * 60 },
} as const;

export type StepName = "up-fleet" | "capacity" | "bench" | "collect" | "destroy";

export interface StepEstimate {
  readonly step: StepName;
  readonly seconds: number;
}

export interface StackEstimate {
  readonly steps: readonly StepEstimate[];
  readonly totalS: number;
  readonly points: number;
}

/** Published readiness nearest in fleet size (the write-up measured 10, 50 and 100). */
function readiness(cfg: Config, ref: PublishedReference): { p50: number; p99: number } {
  const counts = [10, 50, 100].sort((a, b) => Math.abs(a - cfg.fleet.count) - Math.abs(b - cfg.fleet.count));
  for (const hcpCount of counts) {
    const p50 = ref.find({ section: "capacity", storage: cfg.fleet.backend, hcpCount, metric: "ready_p50" })?.value;
    const p99 = ref.find({ section: "capacity", storage: cfg.fleet.backend, hcpCount, metric: "ready_p99" })?.value;
    if (p50 !== undefined && p99 !== undefined) return { p50, p99 };
  }
  return { p50: modelConstants.fallbackReadyP50S, p99: modelConstants.fallbackReadyP99S };
}

/** Writes (and lists) per second of a closed loop of `clients`: the backend's ceiling or the clients', whichever is lower. */
function closedLoop(ceiling: number, clients: number): number {
  return Math.min(ceiling, clients / modelConstants.requestLatencyS);
}

function pointSeconds(cfg: Config, ref: PublishedReference, profile: string, concurrency: number): number {
  const b = cfg.fleet.backend;
  const published = (section: string, metric: string, extra: { preset?: string } = {}) =>
    ref.find({ section, storage: b, concurrency: section === "light" ? 10 : 1000, metric, replicas: cfg.fleet.replicas, ...extra })?.value ??
    ref.find({ section, storage: b, concurrency: section === "light" ? 10 : 1000, metric, ...extra })?.value;
  const ops = cfg.bench.warmup + cfg.bench.ops;
  let seconds: number;
  if (profile === "create-list") {
    const writes = closedLoop(published("create-list", "write_throughput") ?? modelConstants.fallbackWritesPerS, concurrency);
    const lists = closedLoop(published("create-list", "read_throughput") ?? modelConstants.fallbackListsPerS, concurrency);
    seconds = ops / writes + concurrency / lists;
  } else if (profile === "watch-churn") {
    const eventRate = published("watch-churn", "watch_event_rate");
    const writes = closedLoop(eventRate !== undefined ? eventRate / 25 : modelConstants.fallbackWritesPerS, concurrency);
    seconds = (4 * ops) / writes;
  } else if (profile === "light") {
    const tput = published("light", "write_throughput", { preset: cfg.fleet.preset }) ?? modelConstants.fallbackLightWritesPerS;
    seconds = ops / closedLoop(tput, concurrency);
  } else {
    seconds = ops / closedLoop(modelConstants.fallbackWritesPerS, concurrency);
  }
  return seconds + modelConstants.pointOverheadS;
}

/** Pure: the modelled duration of each step of one stack of a sweep. */
export function estimateStack(cfg: Config, ref: PublishedReference): StackEstimate {
  const r = readiness(cfg, ref);
  const waves = Math.ceil(cfg.fleet.count / cfg.fleet.parallelism);
  const points = benchPoints(cfg.bench);
  const bench = cfg.bench.enabled
    ? modelConstants.jobStartS + points.reduce((s, p) => s + pointSeconds(cfg, ref, p.profile, p.concurrency), 0)
    : 0;
  const steps: StepEstimate[] = [
    { step: "up-fleet", seconds: modelConstants.substrateUpS[cfg.substrate] + waves * r.p50 + Math.max(0, r.p99 - r.p50) },
    { step: "capacity", seconds: modelConstants.capacityS },
    { step: "bench", seconds: bench },
    { step: "collect", seconds: modelConstants.collectS },
    { step: "destroy", seconds: modelConstants.destroyS[cfg.substrate] },
  ];
  return { steps, totalS: steps.reduce((s, x) => s + x.seconds, 0), points: cfg.bench.enabled ? points.length : 0 };
}

/** Wall time of jobs run `lanes` at a time, each starting as soon as a lane is free, in the given order. */
export function wallTime(durations: readonly number[], lanes: number): number {
  const free = Array.from({ length: Math.max(1, lanes) }, () => 0);
  for (const d of durations) {
    const i = free.indexOf(Math.min(...free));
    free[i] += d;
  }
  return Math.max(0, ...free);
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, "0")}s`;
  return `${sec}s`;
}
