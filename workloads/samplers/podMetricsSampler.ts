import type { ResourceSampler, ResourceSummary } from "../loadgen/resourceSampler";
import type { ManagementApi } from "./managementApi";
import { isPodMetricsList, podMetricsPath, podUsage } from "./podMetrics";
import { UsageStats, type UsageSummary } from "./usageStats";

/** Which pods a group covers, and how they add up into units (one HCP, or one shared datastore). */
export interface PodGroup {
  readonly namespace: string;
  readonly labelSelector?: string;
  /** Pods sharing this label's value form one unit (e.g. `cluster` for k0smotron); without it the whole group is one unit. */
  readonly unitLabel?: string;
}

export interface PodMetricsSamplerOptions {
  readonly api: ManagementApi;
  /** The HCP pods: the whole fleet, or the pods of the targeted HCP. */
  readonly hcp: PodGroup;
  /**
   * Storage that runs in its own pods: shared datastores (each its own group, all adding up into one
   * unit) or per-HCP etcd. Empty or absent when storage lives inside the HCP pod.
   */
  readonly storage?: readonly PodGroup[];
  /** Poll period; the original bench sampled every 2 s. */
  readonly intervalMs?: number;
}

export interface PodMetricsSummary {
  readonly intervalMs: number;
  /** Polls attempted, and those that failed (metrics API down, RBAC missing). */
  readonly polls: number;
  readonly pollErrors: number;
  readonly firstError?: string;
  readonly hcp: UsageSummary;
  readonly storage?: UsageSummary;
}

/** The hcp_* columns of perf.csv from the HCP group's summary. */
export function toResourceSummary(u: UsageSummary): ResourceSummary {
  return {
    samples: u.samples,
    p50MemMi: u.memMiB.p50,
    p95MemMi: u.memMiB.p95,
    maxMemMi: u.memMiB.max,
    p50CpuM: u.cpuMilli.p50,
    p95CpuM: u.cpuMilli.p95,
    maxCpuM: u.cpuMilli.max,
  };
}

/** Pods of groups without a unit label (shared datastores) add up into this one unit. */
const sharedUnit = "shared";

/** One side's bookkeeping (HCP or storage): stats plus the last metrics window seen per pod (bounded by the pod count). */
class GroupSampler {
  readonly stats = new UsageStats();
  private readonly lastWindow = new Map<string, string>();

  constructor(
    private readonly api: ManagementApi,
    private readonly groups: readonly PodGroup[],
  ) {}

  async poll(signal: AbortSignal): Promise<void> {
    const lists = await Promise.all(
      this.groups.map(async (group) => {
        const body = await this.api.getJson<unknown>(podMetricsPath(group.namespace, group.labelSelector), signal);
        if (!isPodMetricsList(body)) throw new Error(`${group.namespace}: not a PodMetricsList`);
        return { group, items: body.items };
      }),
    );
    const units = new Map<string, { memMiB: number; cpuMilli: number; fresh: boolean }>();
    let totalMem = 0;
    let totalCpu = 0;
    for (const { group, items } of lists) {
      for (const item of items) {
        const usage = podUsage(item);
        const unitName = group.unitLabel ? (usage.labels[group.unitLabel] ?? usage.pod) : sharedUnit;
        const unit = units.get(unitName) ?? { memMiB: 0, cpuMilli: 0, fresh: false };
        unit.memMiB += usage.memMiB;
        unit.cpuMilli += usage.cpuMilli;
        // metrics-server refreshes a pod's window every 15 s by default: a 2 s poll sees the same
        // window several times, and counting it again would weight the percentiles toward idle spells.
        if (this.lastWindow.get(usage.pod) !== usage.timestamp) {
          this.lastWindow.set(usage.pod, usage.timestamp);
          unit.fresh = true;
        }
        units.set(unitName, unit);
        totalMem += usage.memMiB;
        totalCpu += usage.cpuMilli;
      }
    }
    for (const [name, unit] of units) if (unit.fresh) this.stats.recordUnit(name, unit.memMiB, unit.cpuMilli);
    if (units.size > 0) this.stats.recordTotal(totalMem, totalCpu);
  }
}

/**
 * Samples CPU and memory of the HCP pods and of the storage pods from the management cluster's
 * metrics API (`metrics.k8s.io/v1beta1` PodMetrics) while a load point runs. A sample is one
 * unit's sum (one HCP over its replicas and sidecars), as the hcp_* columns mean. Polls never
 * overlap; a failed poll is counted, never thrown, so a missing metrics-server cannot fail a point.
 */
export class PodMetricsSampler implements ResourceSampler {
  private readonly groups: { hcp: GroupSampler; storage?: GroupSampler };
  private readonly intervalMs: number;
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private running = false;
  private polls = 0;
  private pollErrors = 0;
  private firstError: string | undefined;
  private result: PodMetricsSummary | undefined;

  constructor(opts: PodMetricsSamplerOptions) {
    this.intervalMs = opts.intervalMs ?? 2000;
    this.groups = {
      hcp: new GroupSampler(opts.api, [opts.hcp]),
      storage: opts.storage && opts.storage.length > 0 ? new GroupSampler(opts.api, opts.storage) : undefined,
    };
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running || this.result) return;
    this.running = true;
    this.tick();
  }

  private tick(): void {
    const started = Date.now();
    this.inFlight = this.pollOnce().finally(() => {
      this.inFlight = undefined;
      if (!this.running) return;
      // Fixed period from poll start to poll start; a slow poll delays the next one instead of stacking.
      this.timer = setTimeout(() => this.tick(), Math.max(0, this.intervalMs - (Date.now() - started)));
    });
  }

  private async pollOnce(): Promise<void> {
    this.polls += 1;
    const groups = [this.groups.hcp, this.groups.storage].filter((g): g is GroupSampler => g !== undefined);
    const outcomes = await Promise.allSettled(groups.map((g) => g.poll(this.abort.signal)));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failed) {
      this.pollErrors += 1;
      this.firstError ??= failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
    }
  }

  /**
   * Stops polling, lets a poll in flight finish, takes one last poll (a short point may otherwise
   * see a single window), and returns the HCP summary. Polls still running after `graceMs` are cancelled.
   */
  async stop(graceMs = 5000): Promise<ResourceSummary> {
    if (!this.running) throw new Error("sampler was not started");
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    const cancel = setTimeout(() => this.abort.abort(), graceMs);
    await this.inFlight;
    if (!this.abort.signal.aborted) await this.pollOnce();
    clearTimeout(cancel);
    this.result = {
      intervalMs: this.intervalMs,
      polls: this.polls,
      pollErrors: this.pollErrors,
      ...(this.firstError !== undefined ? { firstError: this.firstError } : {}),
      hcp: this.groups.hcp.stats.summary(),
      ...(this.groups.storage ? { storage: this.groups.storage.stats.summary() } : {}),
    };
    this.groups.hcp.stats.destroy();
    this.groups.storage?.stats.destroy();
    return toResourceSummary(this.result.hcp);
  }

  /** Everything sampled (HCP and storage groups, totals at peak, poll errors); defined after stop(). */
  summary(): PodMetricsSummary | undefined {
    return this.result;
  }
}
