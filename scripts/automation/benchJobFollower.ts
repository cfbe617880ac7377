import { terminationGraceSeconds } from "../../workloads/bench/pointBudget";

/** What the follower reads of a batch/v1 Job. */
export interface JobSnapshot {
  readonly name: string;
  readonly namespace: string;
  readonly active: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly creationTimestamp?: string;
  readonly startTime?: string;
  readonly activeDeadlineSeconds?: number;
  readonly conditions: readonly { type: string; status: string; reason?: string; message?: string }[];
  /** The run token and sweep the Job was created for (its label and its pod's environment). */
  readonly runToken?: string;
  readonly sweepId?: string;
}

/** The few calls the follower makes; each one authenticates afresh (see benchJobApi.ts). */
export interface BenchJobApi {
  /** undefined when the Job does not exist (HTTP 404). */
  read(namespace: string, name: string): Promise<JobSnapshot | undefined>;
  /** Every bench Job of the namespace (label app.kubernetes.io/name=hcpbench-bench). */
  list(namespace: string): Promise<JobSnapshot[]>;
}

export type FollowOutcome =
  | { readonly kind: "complete"; readonly job: JobSnapshot }
  /** The Job's Failed condition: a failed pod (BackoffLimitExceeded) or its own deadline (DeadlineExceeded). */
  | { readonly kind: "failed"; readonly job: JobSnapshot; readonly reason: string; readonly message: string }
  /** The deadline plus grace went by without a final condition (no Job controller, or no contact since). */
  | { readonly kind: "overdue"; readonly job?: JobSnapshot; readonly lastError?: string }
  /** The Job is not there (deleted, or its namespace went). */
  | { readonly kind: "gone" }
  | { readonly kind: "interrupted"; readonly job?: JobSnapshot };

/** One line of progress: what the follower saw last, or why it is retrying. */
export interface FollowStatus {
  readonly elapsedS: number;
  readonly job?: JobSnapshot;
  /** Set while the API cannot be read: the error, and when the next try is. */
  readonly retry?: { readonly error: string; readonly attempt: number; readonly inS: number };
}

export interface FollowOptions {
  readonly api: BenchJobApi;
  readonly namespace: string;
  readonly name: string;
  readonly signal?: AbortSignal;
  readonly onStatus?: (s: FollowStatus) => void;
  /** Between reads of a running Job. */
  readonly pollMs?: number;
  /** Backoff after a failed read: doubles from `minMs` up to `maxMs`. */
  readonly backoff?: { readonly minMs: number; readonly maxMs: number };
  /** Past activeDeadlineSeconds the Job controller still has to mark the Job, and the pod to stop. */
  readonly graceS?: number;
  /** A single read that takes longer than this counts as a lost connection. */
  readonly requestTimeoutMs?: number;
  readonly now?: () => number;
}

/** Past the deadline: the pod's termination grace, and time for the Job controller to notice. */
export const defaultFollowGraceS = terminationGraceSeconds + 600;

export function finalCondition(job: JobSnapshot): { type: "Complete" | "Failed"; reason: string; message: string } | undefined {
  for (const type of ["Complete", "Failed"] as const) {
    const c = job.conditions.find((x) => x.type === type && x.status === "True");
    if (c) return { type, reason: c.reason ?? "", message: c.message ?? "" };
  }
  return undefined;
}

/**
 * When the follower stops waiting: activeDeadlineSeconds after the Job started (the Job
 * controller counts from status.startTime), plus the grace. Before the Job has started,
 * from its creation, or from when the follower first saw it.
 */
export function followDeadline(job: JobSnapshot, firstSeenMs: number, graceS: number): number | undefined {
  if (job.activeDeadlineSeconds === undefined) return undefined;
  const from = Date.parse(job.startTime ?? job.creationTimestamp ?? "") || firstSeenMs;
  return from + (job.activeDeadlineSeconds + graceS) * 1000;
}

const errorText = (err: unknown) => {
  const e = err as { code?: unknown; message?: string };
  const text = (e?.message ?? String(err)).split("\n").find((l) => l.trim() !== "") ?? String(err);
  return typeof e?.code === "number" ? `HTTP ${e.code}: ${text}` : text;
};

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the API server within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Follows one Job until it has a final condition. A read that fails (connection refused, a
 * timeout, an expired login, an API server restarting) is retried with backoff, never taken
 * for the Job's own failure; only the Job's deadline ends the wait without a final condition.
 * Nothing is changed on the cluster: following is safe to stop and start again.
 */
export async function followJob(o: FollowOptions): Promise<FollowOutcome> {
  const now = o.now ?? Date.now;
  const pollMs = o.pollMs ?? 15_000;
  const backoff = o.backoff ?? { minMs: 2_000, maxMs: 60_000 };
  const graceS = o.graceS ?? defaultFollowGraceS;
  const requestTimeoutMs = o.requestTimeoutMs ?? 30_000;
  const started = now();
  let last: JobSnapshot | undefined;
  let deadline: number | undefined;
  let attempt = 0;
  let lastError: string | undefined;

  for (;;) {
    if (o.signal?.aborted) return { kind: "interrupted", job: last };
    const elapsedS = Math.round((now() - started) / 1000);
    let job: JobSnapshot | undefined;
    try {
      job = await withTimeout(o.api.read(o.namespace, o.name), requestTimeoutMs);
    } catch (err) {
      if (o.signal?.aborted) return { kind: "interrupted", job: last };
      attempt++;
      lastError = errorText(err);
      if (deadline !== undefined && now() > deadline) return { kind: "overdue", job: last, lastError };
      const inMs = Math.min(backoff.maxMs, backoff.minMs * 2 ** (attempt - 1));
      o.onStatus?.({ elapsedS, job: last, retry: { error: lastError, attempt, inS: inMs / 1000 } });
      await sleep(inMs, o.signal);
      continue;
    }
    attempt = 0;
    lastError = undefined;
    if (!job) return { kind: "gone" };
    last = job;
    deadline = followDeadline(job, started, graceS);
    const final = finalCondition(job);
    if (final?.type === "Complete") return { kind: "complete", job };
    if (final?.type === "Failed") return { kind: "failed", job, reason: final.reason, message: final.message };
    o.onStatus?.({ elapsedS, job });
    if (deadline !== undefined && now() > deadline) return { kind: "overdue", job };
    await sleep(pollMs, o.signal);
  }
}

/**
 * The bench Job of this stack that is still running, if any: the one to follow again instead
 * of starting another (two benches at once would load the same fleet). `sweepId` narrows it
 * to one sweep's Job.
 */
export async function findRunningBenchJob(api: BenchJobApi, namespace: string, sweepId?: string): Promise<JobSnapshot | undefined> {
  const running = (await api.list(namespace)).filter((j) => !finalCondition(j) && (sweepId === undefined || j.sweepId === sweepId));
  // Newest first: a Job left by an older run would be the one a replacement is deleting.
  running.sort((a, b) => Date.parse(b.creationTimestamp ?? "") - Date.parse(a.creationTimestamp ?? ""));
  return running[0];
}

/** `3 active, 0 succeeded, 0 failed` and the time, for progress lines. */
export function describeStatus(s: FollowStatus): string {
  const t = formatElapsed(s.elapsedS);
  const pods = s.job ? `${s.job.active} active, ${s.job.succeeded} succeeded, ${s.job.failed} failed pod(s)` : "not read yet";
  if (s.retry) return `${t}: cannot read the Job (${s.retry.error}); retry ${s.retry.attempt} in ${s.retry.inS} s; last seen: ${pods}`;
  return `${t}: ${pods}`;
}

export function formatElapsed(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : `${m}m${String(s % 60).padStart(2, "0")}s`;
}

/** One line for the outcome, as run and sweep report it. */
export function describeOutcome(name: string, o: FollowOutcome): string {
  switch (o.kind) {
    case "complete":
      return `bench Job ${name} completed`;
    case "failed":
      return `bench Job ${name} failed (${o.reason || "no reason"}${o.message ? `: ${o.message}` : ""})`;
    case "overdue":
      return `bench Job ${name} is past its deadline without finishing${o.lastError ? ` (last error: ${o.lastError})` : ""}`;
    case "gone":
      return `bench Job ${name} no longer exists`;
    case "interrupted":
      return `stopped following bench Job ${name}; it keeps running`;
  }
}
