import type { ProfileName } from "../../infra/names/profiles";
import type { ResultSettings } from "./resultSettings";
import type { ResourceSummary } from "./resourceSampler";

export type { ResultSettings } from "./resultSettings";

/** Bump when a field changes meaning or disappears (adding optional fields does not need it). */
export const resultSchemaVersion = 1;

export const errorClasses = ["conflict", "throttled", "server", "timeout", "network", "rejected"] as const;
/**
 * conflict: 409 (AlreadyExists, Conflict, failed etcd compare); throttled: 429;
 * server: 5xx other than 504; timeout: 504 or no answer within the request
 * timeout; network: connection refused/reset, TLS, broken stream;
 * rejected: any other 4xx (404, 403, 422, ...).
 */
export type ErrorClass = (typeof errorClasses)[number];

/** Latency of one kind of operation in seconds, from an HDR histogram (3 significant digits). */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** One kind of operation (a step of watch-churn, a list, a get). */
export interface StepResult {
  /** Measured operations this step was meant to run. planned = successes + errors + notAttempted + skipped. */
  readonly planned: number;
  readonly successes: number;
  readonly errors: number;
  /** Never sent: the phase timed out or the run was interrupted first. Not errors. */
  readonly notAttempted: number;
  /** Never sent because an earlier step of the same object failed. Not errors. */
  readonly skipped: number;
  /** errors / (successes + errors): a fraction. */
  readonly errorRate: number;
  readonly errorsByClass: Readonly<Record<ErrorClass, number>>;
  /** First message seen in each class. */
  readonly firstErrorByClass: Readonly<Partial<Record<ErrorClass, string>>>;
  readonly firstError?: string;
  /** Successful operations per second over the active window. */
  readonly throughputOps: number;
  /** First send to last completion of this step's measured operations, in seconds. */
  readonly activeWindowS: number;
  /** Latency of successful operations. */
  readonly latency: LatencySummary;
}

export interface WatchResult {
  readonly watchers: number;
  /** Successful measured writes x watchers. */
  readonly expectedEvents: number;
  /** Events of measured writes received by all watchers (warm-up, bookmarks and errors excluded). */
  readonly events: number;
  readonly eventsByType: Readonly<{ added: number; modified: number; deleted: number }>;
  /** Errors seen on watch streams (error events, broken streams, failed (re)connects). */
  readonly errors: number;
  readonly reconnects: number;
  /** Relists after 410 Gone / Expired. */
  readonly relists: number;
  readonly bookmarks: number;
  readonly firstError?: string;
  /** Events per second from the first measured write to the last measured event. */
  readonly eventRate: number;
  /** Write-to-delivery lag for every event type; deletes are timed against the delete's own send time. */
  readonly lag: LatencySummary;
  readonly lagByType: Readonly<{ added: LatencySummary; modified: LatencySummary; deleted: LatencySummary }>;
  /** Events that carried no send time (objects this run did not write): counted, not timed. */
  readonly untimedEvents: number;
  /** True when the drain ended because every expected event arrived (not on the drain timeout). */
  readonly complete: boolean;
  /** Each watcher's stream checked against the writes; any non-zero count means events users would not trust. */
  readonly integrity?: WatchIntegrityResult;
}

export const defaultWatchStallS = 5;

/** Integrity counts of one watcher, or of all of them added up. */
export interface WatchIntegrityCounts {
  /** Events successful writes imply that never arrived. */
  readonly gaps: number;
  /** The same object at the same revision delivered again. */
  readonly duplicates: number;
  /** A revision below one the watcher already saw. */
  readonly outOfOrder: number;
  /** Events for objects this run never wrote. */
  readonly phantomEvents: number;
  readonly stalls: number;
}

export interface WatchStall {
  readonly watcher: number;
  /** Seconds after the first measured write when the first write the watcher missed succeeded. */
  readonly beganS: number;
  /** Until the next event (recovered), else until the run stopped watching. */
  readonly durationS: number;
  readonly recovered: boolean;
}

export interface WatchIntegrityResult extends WatchIntegrityCounts {
  /** No event for longer than this while a write the watcher had not seen succeeded is a stall. */
  readonly stallThresholdS: number;
  readonly longestStallS: number;
  readonly stallList: readonly WatchStall[];
  readonly perWatcher: readonly WatchIntegrityCounts[];
}

/** One series of a Prometheus histogram, as the difference between two scrapes. */
export interface HistogramDelta {
  readonly labels: Readonly<Record<string, string>>;
  readonly count: number;
  /** Seconds. */
  readonly sum: number;
  readonly mean: number;
  /** Estimated from bucket deltas by linear interpolation, as histogram_quantile() does. */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export interface ServerMetricsDelta {
  readonly target: string;
  readonly source: "apiserver" | "etcd";
  /** Why a scrape failed; the deltas are then empty. */
  readonly scrapeError?: string;
  /** Lines of the two scrapes that were not Prometheus text (absent when none). */
  readonly unparsedLines?: number;
  /** API server: apiserver_request_duration_seconds by verb and resource. */
  readonly apiserverRequestDuration: readonly HistogramDelta[];
  /** API server: etcd_request_duration_seconds by operation and type (storage time as the API server sees it). */
  readonly etcdRequestDuration: readonly HistogramDelta[];
  /** etcd: counter deltas (etcd_mvcc_put_total, etcd_mvcc_delete_total, etcd_mvcc_txn_total, etcd_mvcc_range_total, etcd_debugging_mvcc_events_total, ...). */
  readonly counters: Readonly<Record<string, number>>;
  /** etcd: etcd_disk_backend_commit_duration_seconds and etcd_disk_wal_fsync_duration_seconds. */
  readonly histograms: Readonly<Record<string, HistogramDelta>>;
}

export interface ListCheck {
  /** Objects the namespace should hold when listed. */
  readonly expectedItems: number;
  /** Objects the first measured list returned. */
  readonly observedItems: number;
  /** Successful lists that did not return expectedItems objects. */
  readonly mismatchedLists: number;
  readonly pageSize: number;
  readonly pagesPerList: number;
}

/** One tenant's own watches in a fleet point: its write-to-delivery lag on its own API server. */
export interface TargetWatch {
  readonly watchers: number;
  /** This HCP's successful measured writes x its watchers. */
  readonly expectedEvents: number;
  readonly events: number;
  /** True when every expected event arrived before the drain deadline. */
  readonly complete: boolean;
  readonly lag: LatencySummary;
}

/** Load against one HCP in the mixed-* profiles. */
export interface TargetResult {
  readonly target: string;
  readonly hot: boolean;
  /** Operations per second asked of this HCP (absent when it stayed idle). */
  readonly rate?: number;
  readonly writes: StepResult;
  readonly reads: StepResult;
  /** Its watches (absent when it stayed idle); the fleet-wide lag is result.watch. */
  readonly watch?: TargetWatch;
}

/** mixed-hot with cold tenants: how much the hot tenants inflate the quiet ones' p99 (all operations, writes and reads). */
export interface TenantsResult {
  readonly hot: number;
  readonly cold: number;
  readonly hotRate: number;
  readonly coldRate: number;
  /** The cold tenants run alone first, at the same rate and for as long. */
  readonly quietAloneP99S: number;
  readonly quietWithHotP99S: number;
  /** quietWithHotP99S / quietAloneP99S. */
  readonly p99Inflation?: number;
}

/** One clause of the SLO against what the point measured. */
export interface SloCheck {
  /** As written, e.g. "write.p99<=1s". */
  readonly clause: string;
  readonly metric: string;
  /** Seconds, or a fraction for errors. */
  readonly limit: number;
  /** null when the point did not measure it (no watch, no reads). */
  readonly measured: number | null;
  readonly status: "met" | "broken" | "not measured";
  readonly note?: string;
}

export interface SloVerdict {
  /** The whole SLO as one expression (defaults with the --slo clauses in place). */
  readonly expression: string;
  /** No clause broken and the point ran to its end. */
  readonly met: boolean;
  /** The clauses that broke. */
  readonly broken: readonly string[];
  readonly checks: readonly SloCheck[];
  /** Why a point with no broken clause still does not meet it (partial). */
  readonly reason?: string;
}

/** One tenant count tried by --find-capacity. */
export interface CapacityStep {
  readonly tenants: number;
  readonly slo: SloVerdict;
  /** Operations per second asked of the active tenants together, and answered. */
  readonly offeredRate: number;
  readonly achievedRate: number;
  /** Set when the load generator itself was saturated at this step. */
  readonly invalid?: string;
}

/** --find-capacity: how many tenants of the fleet one datastore holds within the SLO. */
export interface CapacitySearch {
  readonly strategy: string;
  readonly datastore: string;
  readonly hardware: { readonly cores: number; readonly cpuModel: string; readonly memoryGiB: number };
  readonly ratePerTenant: number;
  readonly maxTenants: number;
  readonly slo: string;
  /** In the order tried. */
  readonly steps: readonly CapacityStep[];
  /** The most tenants that met the SLO (0: even one broke it). */
  readonly tenants: number;
  /** True when every target given met it, so the datastore may hold more. */
  readonly atLeast: boolean;
  readonly outcome: string;
}

export interface LoadgenResult {
  readonly schemaVersion: typeof resultSchemaVersion;
  readonly tool: "hcpbench-loadgen";
  readonly profile: ProfileName;
  /** ISO time the run started. */
  readonly timestamp: string;
  readonly finishedAt: string;
  readonly runId: string;
  readonly storageName: string;
  readonly hcpCpuLimit: string;
  readonly hcpMemoryLimit: string;
  readonly extraLabels: Readonly<Record<string, string>>;
  /** Targets by name (server URL or etcd endpoint; never credentials). */
  readonly targets: readonly { readonly kind: "kubernetes" | "etcd"; readonly name: string }[];
  readonly settings: ResultSettings;
  /** True when the run was interrupted; the figures cover what ran. */
  readonly partial: boolean;
  readonly partialReason?: string;
  /** Operations by kind: create, update1, update2, delete (watch-churn), create and list (create-list), write and read (mixed-*). */
  readonly steps: Readonly<Record<string, StepResult>>;
  /** All writes together and all reads together (the write_* and read_* columns). */
  readonly writes: StepResult;
  readonly reads: StepResult;
  readonly watch?: WatchResult;
  readonly list?: ListCheck;
  readonly perTarget?: readonly TargetResult[];
  readonly tenants?: TenantsResult;
  readonly server: readonly ServerMetricsDelta[];
  readonly resources?: ResourceSummary;
  /** The load generator's own CPU seconds and peak RSS: a check that the client was not the bottleneck. */
  readonly client: {
    readonly cpuUserS: number;
    readonly cpuSystemS: number;
    readonly maxRssMiB: number;
    /** CPU-seconds per wall-second over the whole run, all threads: 1.0 is one core busy. */
    readonly cpuCores?: number;
    /** The same as a share of the machine's cores. */
    readonly cpuShare?: number;
    /** Main-thread event-loop delay p99 (node:perf_hooks monitorEventLoopDelay), in milliseconds. */
    readonly eventLoopDelayP99Ms?: number;
    /** Connections the drivers held open for operations at the end of the load. */
    readonly connections?: number;
    /**
     * Kubernetes targets: time measured requests waited in the client for a
     * connection before going on the wire, against their whole time. When
     * waiting is most of it, the latency is the client's queue, not the server.
     */
    readonly queueing?: {
      readonly requests: number;
      readonly waitMeanS: number;
      readonly waitP99S: number;
      readonly requestMeanS: number;
      readonly share: number;
      readonly dominated: boolean;
    };
  };
  /** Open loop: the rate asked for and the rate of operations answered over the active window (per second, all targets). */
  readonly rates?: { readonly offered: number; readonly achieved: number };
  /** Set when the load generator itself was saturated, so the figures measure the client: "<reason>". */
  readonly invalid?: string;
  /** The point judged against the SLO (--slo, else the defaults). */
  readonly slo?: SloVerdict;
  /** --find-capacity: the search this point ended (this result is the step at the capacity found). */
  readonly capacitySearch?: CapacitySearch;
  /** With LoadgenOptions.histograms: the latency histograms behind `steps`, `writes` and `reads`, so shards of a point merge exactly. */
  readonly histograms?: ResultHistograms;
  /** A point merged from the shards of an Indexed bench Job (workloads/loadgen/job/shardMerge.ts). */
  readonly shards?: ShardsInfo;
}

/** Successful operations' latencies in microseconds as HDR histograms, each compressed and base64 encoded (hdr-histogram-js encodeIntoCompressedBase64). */
export interface ResultHistograms {
  readonly steps: Readonly<Record<string, string>>;
  readonly writes: string;
  readonly reads: string;
  /** Behind `watch.lag` and `watch.lagByType` of a fleet point, so its shards' watch lag merges exactly. */
  readonly watchLag?: WatchLagHistograms;
}

/** Write-to-delivery lag per event type, in microseconds, encoded as ResultHistograms' entries. */
export interface WatchLagHistograms {
  readonly added: string;
  readonly modified: string;
  readonly deleted: string;
}

export interface ShardsInfo {
  /** Load pods the point was split over. */
  readonly count: number;
  /** Shard indexes whose result is in the merge. */
  readonly merged: readonly number[];
  /** Shard indexes with no result: the point is then partial. */
  readonly missing: readonly number[];
}
