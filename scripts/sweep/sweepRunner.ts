import { Listr, type ListrTask } from "listr2";
import { formatDuration, type StackEstimate } from "./durationModel";
import { runStackPipeline, type PipelineDeps, type StackOutcome } from "./stackPipeline";
import type { SweepStep } from "./sweepLog";

/**
 * Time left in a sweep from the duration model: the modelled time of every
 * step not finished yet, spread over the lanes. A step that overruns its
 * estimate counts as nearly done rather than going negative.
 */
export class SweepEta {
  private readonly doneSteps = new Map<string, Set<string>>();
  private readonly started = new Map<string, { step: string; at: number }>();

  constructor(
    private readonly estimates: ReadonlyMap<string, StackEstimate>,
    private readonly lanes: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  stepStarted(stack: string, step: string): void {
    const prev = this.started.get(stack);
    if (prev) this.stepDone(stack, prev.step);
    this.started.set(stack, { step, at: this.now() });
  }

  stepDone(stack: string, step: string): void {
    const set = this.doneSteps.get(stack) ?? new Set<string>();
    set.add(step);
    this.doneSteps.set(stack, set);
    if (this.started.get(stack)?.step === step) this.started.delete(stack);
  }

  stackDone(stack: string): void {
    for (const s of this.estimates.get(stack)?.steps ?? []) this.stepDone(stack, s.step);
  }

  remainingS(): number {
    let total = 0;
    let unfinished = 0;
    for (const [stack, est] of this.estimates) {
      const done = this.doneSteps.get(stack) ?? new Set<string>();
      const running = this.started.get(stack);
      let left = 0;
      for (const s of est.steps) {
        if (done.has(s.step)) continue;
        if (running?.step === s.step) left += Math.max(s.seconds * 0.1, s.seconds - (this.now() - running.at) / 1000);
        else left += s.seconds;
      }
      total += left;
      if (left > 0) unfinished += 1;
    }
    // Work left spread over the lanes, but a stack runs on one lane: fewer stacks than lanes leave lanes idle.
    return total / Math.max(1, Math.min(this.lanes, unfinished));
  }

  text(): string {
    return formatDuration(this.remainingS());
  }
}

const stepLabel: Partial<Record<SweepStep, string>> = {
  preview: "preview",
  "up-fleet": "up (fleet, bench off)",
  capacity: "capacity capture",
  seed: "resume: seeding bucket",
  bench: "up (creates the bench Job)",
  follow: "following the bench Job",
  collect: "collecting results",
  destroy: "destroy",
};

/**
 * Runs the pipeline of every stack, `parallel` at a time, with progress: a
 * live task list on a terminal, plain lines otherwise. Never throws for a
 * stack: each one's outcome is returned.
 */
export async function runSweep(opts: {
  stacks: readonly string[];
  parallel: number;
  deps: PipelineDeps;
  estimates: ReadonlyMap<string, StackEstimate>;
  interactive: boolean;
}): Promise<StackOutcome[]> {
  const eta = new SweepEta(opts.estimates, opts.parallel);
  const outcomes = new Map<string, StackOutcome>();
  const tasks: ListrTask[] = opts.stacks.map((stack) => ({
    title: stack,
    task: async (_ctx, task) => {
      const onStep = (s: string, step: SweepStep) => {
        // The model's bench step is the whole run: creating the Job and following it.
        if (step !== "follow") eta.stepStarted(s, step);
        task.title = `${s}: ${stepLabel[step] ?? step}`;
        task.output = `${s}: ${stepLabel[step] ?? step} started; sweep ETA ${eta.text()}`;
      };
      const onProgress = (s: string, line: string) => {
        task.output = `${s}: bench Job ${line}; sweep ETA ${eta.text()}`;
      };
      const outcome = await runStackPipeline(stack, { ...opts.deps, onStep, onProgress });
      eta.stackDone(stack);
      outcomes.set(stack, outcome);
      if (outcome.status === "skipped") {
        task.skip(`${stack}: every result already collected, skipped`);
        return;
      }
      const destroyed = outcome.destroy === "failed" ? `; DESTROY FAILED: ${outcome.destroyError}` : outcome.destroy === "destroyed" ? "; destroyed" : "";
      if (outcome.status !== "done") {
        const why = outcome.error ? `${outcome.failedStep}: ${outcome.error}` : outcome.warnings.join("; ");
        throw new Error(`${stack}: ${outcome.status} (${why})${destroyed}`);
      }
      task.title = `${stack}: done${destroyed}; sweep ETA ${eta.text()}`;
    },
  }));
  const list = new Listr(tasks, {
    concurrent: opts.parallel,
    exitOnError: false,
    // hcpbench handles Ctrl-C itself: stacks must be destroyed, not abandoned.
    registerSignalListeners: false,
    renderer: opts.interactive ? "default" : "simple",
    rendererOptions: { collapseErrors: false },
  } as ConstructorParameters<typeof Listr>[1]);
  try {
    await list.run();
  } catch (err) {
    // A stack's own failure is already in `outcomes` (its task threw on purpose); anything else is the
    // runner failing, which must not read as stacks that "did not run".
    if (!opts.stacks.every((s) => outcomes.has(s))) throw new Error(`the sweep runner failed: ${(err as Error).message}`, { cause: err });
  }
  return opts.stacks.map((s) => outcomes.get(s) ?? { stack: s, status: "failed", error: "did not run", warnings: [], destroy: "not-needed" });
}
