import type { Config } from "../../infra/config/schema";
import { namespaces } from "../../infra/namespaces";
import { benchPoints, pointDoneFile } from "../../infra/names/resultsLayout";
import { describeOutcome, findRunningBenchJob, followJob, type BenchJobApi, type JobSnapshot } from "../automation/benchJobFollower";
import { benchProgress } from "../automation/benchProgress";
import type { StackSettings } from "../automation/stackSettings";
import type { StackOutputs } from "../automation/stackOutputs";
import type { CapacityResult } from "../capacity/capacityResult";
import { writeCapacity } from "../capacity/captureCapacity";
import { capacityDir } from "../../infra/names/resultsLayout";
import { copyMissing, type ResultsStore } from "../results/resultsStore";
import type { StackBucket } from "../results/stackBucket";
import { isComplete, seedBucket, stackProgress } from "./resumeState";
import { CancelledError, firstLine, type SweepLog, type SweepStep } from "./sweepLog";

/** The Pulumi side of one stack, as the pipeline uses it (StackSession in the CLI). */
export interface StackOps {
  configure(settings: StackSettings): void;
  preview(opts: { signal?: AbortSignal; onOutput?: (t: string) => void }): Promise<void>;
  up(opts: { signal?: AbortSignal; onOutput?: (t: string) => void }): Promise<StackOutputs>;
  /** Outputs of the last successful up; undefined when the stack has none. */
  outputs(): Promise<StackOutputs | undefined>;
  destroy(opts: { onOutput?: (t: string) => void }): Promise<void>;
}

export interface PipelineDeps {
  readonly sweepId: string;
  /** The user's --set overrides, applied to every stack. */
  readonly overrides: readonly string[];
  /** Bench run token of this attempt: a new one recreates the bench Job on a fleet left up. */
  readonly runToken: string;
  readonly log: SweepLog;
  /** Aborted on Ctrl-C / SIGTERM: the running up is cancelled and no further step starts; the destroy still runs. */
  readonly signal: AbortSignal;
  readonly settings: (stack: string, overrides: readonly string[]) => StackSettings;
  readonly openStack: (settings: StackSettings) => Promise<StackOps>;
  readonly openBucket: (outputs: StackOutputs, stack: string) => Promise<StackBucket>;
  readonly captureCapacity: (stack: string, cfg: Config, outputs: StackOutputs) => Promise<CapacityResult>;
  /** `<out>/<stack>/`. */
  readonly localStore: (stack: string) => ResultsStore;
  /** Where Pulumi's output of one operation goes. */
  readonly pulumiOutput: (stack: string, op: string) => (text: string) => void;
  /** The bench Jobs of a stack that is up, read through its kubeconfig. */
  readonly openJobs: (outputs: StackOutputs) => Promise<BenchJobApi>;
  /** Between reads of the followed bench Job. */
  readonly followPollMs?: number;
  readonly onStep?: (stack: string, step: SweepStep) => void;
  /** A progress line while the bench Job is followed. */
  readonly onProgress?: (stack: string, line: string) => void;
}

export type StackStatus = "done" | "skipped" | "failed" | "cancelled";

export interface StackOutcome {
  readonly stack: string;
  readonly status: StackStatus;
  readonly failedStep?: SweepStep;
  readonly error?: string;
  /** Steps that failed without stopping the stack (capacity capture, the bench Job). */
  readonly warnings: readonly string[];
  readonly destroy: "not-needed" | "destroyed" | "failed";
  readonly destroyError?: string;
}

/** The run settings of a sweep step, as --set style overrides validated by the schema. */
export function runOverrides(deps: Pick<PipelineDeps, "sweepId" | "overrides" | "runToken">, bench: boolean): string[] {
  return [...deps.overrides, `results.sweepId=${deps.sweepId}`, `bench.enabled=${bench}`, ...(bench ? [`bench.runToken=${deps.runToken}`] : [])];
}

/** A bench Job of this sweep still running on a stack left up (hcpbench stopped while following it). */
async function runningJobOfSweep(session: StackOps, deps: PipelineDeps): Promise<{ outputs: StackOutputs; job: JobSnapshot } | undefined> {
  const outputs = await session.outputs().catch(() => undefined);
  if (!outputs || outputs.benchJobs.length === 0 || outputs.results.sweepId !== deps.sweepId) return undefined;
  // The cluster out of reach is no Job to follow: the stack goes through its steps again.
  const job = await deps
    .openJobs(outputs)
    .then((api) => findRunningBenchJob(api, namespaces.bench, deps.sweepId))
    .catch(() => undefined);
  return job ? { outputs, job } : undefined;
}

/**
 * One stack of a sweep: fleet up (bench off) -> capacity capture -> bench up
 * (creates the Job for the whole matrix) -> follow the Job to its end ->
 * collect results -> destroy. A Job of this sweep still running on a stack
 * left up is followed again instead. The destroy runs whenever an up was
 * started, whatever happened after it: an error at any step, a cancel, a
 * failed or overdue Job. Finished points (locally or in the bucket) are never
 * run again.
 */
export async function runStackPipeline(stack: string, deps: PipelineDeps): Promise<StackOutcome> {
  const { log } = deps;
  const warnings: string[] = [];
  const local = deps.localStore(stack);
  let ops: StackOps | undefined;
  let upStarted = false;
  let bucket: StackBucket | undefined;
  let failure: { step: SweepStep; error: unknown } | undefined;
  let current: SweepStep = "settings";
  const step = <T>(name: SweepStep, run: () => Promise<T>, detail?: (r: T) => Record<string, unknown>) => {
    current = name;
    if (deps.signal.aborted) throw new CancelledError(`before ${name}`);
    deps.onStep?.(stack, name);
    // An operation that fails because it was cancelled is logged and reported as cancelled.
    const cancellable = () =>
      run().catch((err: unknown) => {
        throw deps.signal.aborted && !(err instanceof CancelledError) ? new CancelledError(`${name} (${firstLine(err)})`) : err;
      });
    return log.step(stack, name, cancellable, detail);
  };

  try {
    const base = deps.settings(stack, runOverrides(deps, true));
    await local.put("stack.json", `${JSON.stringify(stackInfo(stack, deps.sweepId, base.cfg, deps.overrides), null, 2)}\n`);
    const before = await stackProgress(base.cfg, [local]);
    if (isComplete(before)) {
      log.write({ stack, step: "stack", event: "skipped", detail: { reason: "every result is already in the output folder", points: before.pointsDone.length } });
      return { stack, status: "skipped", warnings, destroy: "not-needed" };
    }

    ops = await deps.openStack(deps.settings(stack, runOverrides(deps, false)));
    const session = ops;
    const reattach = await runningJobOfSweep(session, deps);
    let outputs: StackOutputs;
    let jobName: string | undefined;
    if (reattach) {
      upStarted = true;
      outputs = reattach.outputs;
      jobName = reattach.job.name;
      log.write({ stack, step: "bench", event: "skipped", detail: { reason: "a bench Job of this sweep is still running: following it again", job: jobName } });
      bucket = await deps.openBucket(outputs, stack);
    } else {
      await step("preview", () => session.preview({ signal: deps.signal, onOutput: deps.pulumiOutput(stack, "preview") }));
      upStarted = true;
      outputs = await step("up-fleet", () => session.up({ signal: deps.signal, onOutput: deps.pulumiOutput(stack, "up-fleet") }), (o) => ({ hcps: o.hcps.length }));
      bucket = await deps.openBucket(outputs, stack);
      const remote = bucket.store;

      const progress = await stackProgress(base.cfg, [local, remote]);
      if (!progress.capacityDone) {
        try {
          await step("capacity", async () => writeCapacity(await deps.captureCapacity(stack, base.cfg, outputs), [local, remote]));
        } catch (err) {
          if (err instanceof CancelledError || deps.signal.aborted) throw err;
          // The bench is the expensive part: a failed capture is reported, and the stack goes on.
          warnings.push(`capacity: ${firstLine(err)}`);
        }
      } else {
        log.write({ stack, step: "capacity", event: "skipped", detail: { reason: "capacity.json already exists" } });
      }

      // Finished work that only this machine holds goes back into the bucket, so the Job does not redo it.
      await step("seed", async () => [...(await seedBucket(local, remote, progress.pointsDone)), ...(await copyMissing(local, remote, `${capacityDir}/`))], (k) => ({ copied: k.length }));
      if (progress.pointsMissing.length > 0) {
        session.configure(base);
        // This up only creates the Job (pulumi.com/skipAwait); the follow below waits for it.
        const benchOutputs = await step("bench", () => session.up({ signal: deps.signal, onOutput: deps.pulumiOutput(stack, "bench") }), (o) => ({ points: progress.pointsMissing.length, job: o.benchJobs[0] }));
        jobName = benchOutputs.benchJobs[0];
      } else {
        log.write({ stack, step: "bench", event: "skipped", detail: { reason: "every point is already done", points: progress.pointsDone.length } });
      }
    }
    const remote = bucket.store;
    if (jobName) {
      const name = jobName;
      const api = await deps.openJobs(outputs);
      const points = benchPoints(base.cfg.bench);
      const onStatus = benchProgress({
        planned: points.length,
        countDone: async () => {
          const keys = new Set(await remote.list());
          return points.filter((p) => keys.has(pointDoneFile(p))).length;
        },
        write: (line) => deps.onProgress?.(stack, line),
      });
      const outcome = await step(
        "follow",
        async () => {
          const o = await followJob({ api, namespace: namespaces.bench, name, signal: deps.signal, pollMs: deps.followPollMs, onStatus });
          if (o.kind === "interrupted") throw new CancelledError(`following ${name}`);
          return o;
        },
        (o) => ({ job: name, outcome: o.kind, ...(o.kind === "failed" ? { reason: o.reason } : {}) }),
      );
      // A failed or overdue Job is reported; the points it finished are still collected, and the stack destroyed.
      if (outcome.kind !== "complete") warnings.push(`bench: ${describeOutcome(name, outcome)}`);
    }
    await step("collect", () => copyMissing(remote, local), (keys) => ({ files: keys.length }));
    const after = await stackProgress(base.cfg, [local]);
    if (!isComplete(after)) {
      warnings.push(`incomplete: ${after.pointsMissing.length} points${after.capacityDone ? "" : " and the capacity capture"} missing; rerun the sweep with --sweep-id ${deps.sweepId} to finish them`);
    }
  } catch (err) {
    failure = { step: current, error: err };
  } finally {
    await bucket?.close().catch(() => undefined);
  }

  let destroy: StackOutcome["destroy"] = "not-needed";
  let destroyError: string | undefined;
  if (upStarted && ops) {
    const session = ops;
    try {
      deps.onStep?.(stack, "destroy");
      await log.step(stack, "destroy", () => session.destroy({ onOutput: deps.pulumiOutput(stack, "destroy") }));
      destroy = "destroyed";
    } catch (err) {
      destroy = "failed";
      destroyError = firstLine(err);
    }
  }

  const cancelled = failure?.error instanceof CancelledError || (failure !== undefined && deps.signal.aborted);
  const status: StackStatus = failure ? (cancelled ? "cancelled" : "failed") : warnings.length > 0 ? "failed" : "done";
  log.write({
    stack,
    step: "stack",
    event: status === "done" ? "done" : status === "cancelled" ? "cancelled" : "failed",
    ...(failure ? { error: `${failure.step}: ${firstLine(failure.error)}` } : {}),
    detail: { destroy, warnings },
  });
  return {
    stack,
    status,
    ...(failure ? { failedStep: failure.step, error: firstLine(failure.error) } : {}),
    warnings,
    destroy,
    ...(destroyError ? { destroyError } : {}),
  };
}

/** stack.json: what the report cannot read from the CSVs (replicas, preset) and what the run used. */
export function stackInfo(stack: string, sweepId: string, cfg: Config, overrides: readonly string[]) {
  return {
    stack,
    sweepId,
    backend: cfg.fleet.backend,
    hcpCount: cfg.fleet.count,
    replicas: cfg.fleet.replicas,
    preset: cfg.fleet.preset,
    parallelism: cfg.fleet.parallelism,
    substrate: cfg.substrate,
    bench: { profiles: cfg.bench.profiles, concurrency: cfg.bench.concurrency, ops: cfg.bench.ops, runs: cfg.bench.runs, watchers: cfg.bench.watchers },
    overrides,
  };
}
