import type { Config } from "../../infra/config/schema";
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
  readonly onStep?: (stack: string, step: SweepStep) => void;
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

/**
 * One stack of a sweep: fleet up (bench off) -> capacity capture -> bench up
 * (the whole matrix in one Job) -> collect results -> destroy. The destroy
 * runs whenever an up was started, whatever happened after it: an error at
 * any step, a cancel, a failed bench. Finished points (locally or in the
 * bucket) are never run again.
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
    await step("preview", () => session.preview({ signal: deps.signal, onOutput: deps.pulumiOutput(stack, "preview") }));
    upStarted = true;
    const outputs = await step("up-fleet", () => session.up({ signal: deps.signal, onOutput: deps.pulumiOutput(stack, "up-fleet") }), (o) => ({ hcps: o.hcps.length }));
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
      try {
        await step("bench", () => session.up({ signal: deps.signal, onOutput: deps.pulumiOutput(stack, "bench") }), () => ({ points: progress.pointsMissing.length }));
      } catch (err) {
        if (err instanceof CancelledError || deps.signal.aborted) throw err;
        // A failed point fails the Job (and so the up); the points that finished are still collected.
        warnings.push(`bench: ${firstLine(err)}`);
      }
    } else {
      log.write({ stack, step: "bench", event: "skipped", detail: { reason: "every point is already done", points: progress.pointsDone.length } });
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
