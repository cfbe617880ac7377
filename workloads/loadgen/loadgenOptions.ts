import type { ProfileName } from "../../infra/names/profiles";
import type { ResourceSampler } from "./resourceSampler";
import type { WatchdogTiming } from "./targetWatchdog";

/** A Kubernetes API server, reached directly (never through a port-forward). */
export interface KubernetesTarget {
  readonly kind: "kubernetes";
  /** A kubeconfig: its YAML text (anything containing a newline) or a path to the file. */
  readonly kubeconfig: string;
  /** Overrides the cluster's server URL, e.g. the HCP's in-cluster Service. TLS still verifies against the kubeconfig's CA. */
  readonly server?: string;
  /** Context to use; the kubeconfig's current-context when omitted. */
  readonly context?: string;
  /** Name used in results (defaults to the server URL). */
  readonly name?: string;
}

/** An etcd v3 gRPC endpoint (etcd, kine, T4), driven with the API server's access pattern. */
export interface EtcdTarget {
  readonly kind: "etcd";
  /** host:port of the gRPC listener, e.g. 127.0.0.1:2379 (http://host:port is accepted too) */
  readonly endpoint: string;
  /** Key prefix standing in for the API server's --etcd-prefix (default "/registry"). */
  readonly prefix?: string;
  readonly name?: string;
}

export type LoadTarget = KubernetesTarget | EtcdTarget;

/** Labels copied into result.json and perf.csv; they describe the run, they do not change it. */
export interface LoadgenLabels {
  /** storage_name column: the backend under test (e.g. "kine-postgres"). */
  readonly storageName?: string;
  /** hcp_cpu_limit / hcp_memory_limit columns: the size preset's limits ("" when unlimited). */
  readonly hcpCpuLimit?: string;
  readonly hcpMemoryLimit?: string;
  /** run_id column; defaults to the run number. */
  readonly runId?: string;
  /** Anything else worth keeping with the result (stack, sweep id, ...). */
  readonly extra?: Readonly<Record<string, string>>;
}

export interface LoadgenOptions {
  /** One target, or several for the mixed-* profiles (one per HCP). */
  readonly target: LoadTarget | readonly LoadTarget[];
  readonly profile: ProfileName;
  /** Measured operations (objects for watch-churn, per HCP for mixed-*); profile default when omitted. */
  readonly ops?: number;
  /** Closed loop: clients in flight. Open loop: the most requests in flight (waits count in latency). */
  readonly concurrency?: number;
  /** Connections per target for operations (default: the concurrency); fewer make clients queue in the load generator. */
  readonly connections?: number;
  /** Watches held open by watch-churn (default 25), or on each loaded HCP by mixed-* (default 1). */
  readonly watchers?: number;
  /** Worker threads that share the watchers (default 0: watchers run on the main thread). */
  readonly watchWorkers?: number;
  /** watch-churn: a watcher with no event for this long while a write it has not seen succeeded is stalled (default 5). */
  readonly watchStallSeconds?: number;
  /** Operations run first and discarded from every figure (default 50). */
  readonly warmup?: number;
  /** Open loop: target operations per second (per HCP for mixed-*); latency counts from the intended send time. */
  readonly rate?: number;
  /** create-list: full paged lists of the namespace in the read phase (default: one per client). */
  readonly lists?: number;
  /** mixed-*: share of operations that are reads (default 0.5). */
  readonly readFraction?: number;
  /** mixed-hot: share of the targets that get load (default 0.1, at least one target). */
  readonly hotFraction?: number;
  /** mixed-hot: the cold HCPs get this rate each (above 0, at most the hot rate), and a quiet-only run first measures them alone. */
  readonly coldRate?: number;
  /** This run's number (1-based), recorded as run_id unless labels.runId says otherwise. */
  readonly run?: number;
  /** Runs per point for runLoadgenRuns (each its own result). */
  readonly runs?: number;
  /** SLO the point is judged by (see slo/sloExpression.ts); each clause replaces the default on its metric. */
  readonly slo?: string;
  /** Per request (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** Per phase (writes, lists, watch drain); operations not started by then are counted as not attempted (default 5 min). */
  readonly phaseTimeoutMs?: number;
  /** Client-side rate limit on request starts; off unless both are given (the original used 2000/4000). */
  readonly qps?: number;
  readonly burst?: number;
  /** Size of each object's data payload in bytes (default 128). */
  readonly payloadBytes?: number;
  /** Namespace the load objects live in (default "load-test"). */
  readonly namespace?: string;
  readonly labels?: LoadgenLabels;
  /** Aborting stops new operations; the result is still returned, marked partial. */
  readonly signal?: AbortSignal;
  /** Samples HCP CPU/memory during the run; its summary fills the hcp_* columns. */
  readonly resourceSampler?: ResourceSampler;
  /** Scrape the targets' /metrics before and after the point (default true). */
  readonly scrapeServerMetrics?: boolean;
  /** How the target is probed for liveness during the point (defaults: every 5 s, 5 s each, lost after 3 failures). */
  readonly watchdogTiming?: WatchdogTiming;
  /** Progress lines for a human (the CLI prints them to stderr). */
  readonly log?: (line: string) => void;
  /** Put the latency histograms into the result (`histograms`), so results of several load pods can be merged exactly. */
  readonly histograms?: boolean;
}

export const defaultNamespace = "load-test";
export const defaultRequestTimeoutMs = 30_000;
export const defaultPhaseTimeoutMs = 5 * 60_000;
export const defaultWarmup = 50;
export const defaultWatchers = 25;

export function targetList(target: LoadgenOptions["target"]): readonly LoadTarget[] {
  return Array.isArray(target) ? (target as readonly LoadTarget[]) : [target as LoadTarget];
}
