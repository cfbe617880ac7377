import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { InputError, isInputError } from "../../infra/names/inputError";
import { listStacks } from "../../infra/config/stackFiles";
import { followPollMs } from "../automation/benchProgress";
import { cancelOnSignal } from "../automation/cancelOnSignal";
import { hcpbenchProjectRoot } from "../automation/hcpbenchHome";
import { stackSettings, type StackSettings } from "../automation/stackSettings";
import { collect, positiveInt } from "../cliArgs";
import { PublishedReference } from "../report/publishedReference";
import { LocalResultsStore } from "../results/resultsStore";
import { estimateStack } from "../sweep/durationModel";
import { isComplete, stackProgress } from "../sweep/resumeState";
import { runOverrides, type PipelineDeps } from "../sweep/stackPipeline";
import { sweepIdPattern, timestampId } from "../sweep/sweepId";
import { SweepLog } from "../sweep/sweepLog";
import { planSweep, renderSweepPlan } from "../sweep/sweepPlan";
import { runSweep } from "../sweep/sweepRunner";
import { commandSummaries } from "./commandIndex";

interface SweepOpts {
  parallel: number;
  dryRun: boolean;
  sweepId?: string;
  out?: string;
  set: string[];
  state?: string;
}

/** `all` means every stack under stacks/ except `local` (which needs your own cluster). */
function expandStacks(names: readonly string[]): string[] {
  const all = listStacks(hcpbenchProjectRoot()).filter((s) => s !== "local");
  return [...new Set(names.flatMap((n) => (n === "all" ? all : [n])))];
}

/** Every stack's settings for both ups, validated together so every problem of every stack shows at once. */
function validateAll(stacks: readonly string[], deps: Pick<PipelineDeps, "sweepId" | "overrides" | "runToken">): Map<string, StackSettings> {
  const problems: string[] = [];
  const settings = new Map<string, StackSettings>();
  for (const stack of stacks) {
    try {
      settings.set(stack, stackSettings(stack, runOverrides(deps, true)));
      stackSettings(stack, runOverrides(deps, false));
    } catch (err) {
      if (!isInputError(err)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new InputError([...new Set(problems)]);
  return settings;
}

async function sweepCommand(names: string[], opts: SweepOpts): Promise<void> {
  if (opts.sweepId !== undefined && !sweepIdPattern.test(opts.sweepId)) {
    throw new InputError(`--sweep-id: must start with a letter or digit and hold only letters, digits, dots, underscores, hyphens (got "${opts.sweepId}")`);
  }
  const sweepId = opts.sweepId ?? `sweep-${timestampId()}`;
  const stacks = expandStacks(names);
  const out = path.resolve(opts.out ?? path.join("results", sweepId));
  const base = { sweepId, overrides: opts.set, runToken: `s${Date.now().toString(36)}` };
  const settings = validateAll(stacks, base);
  const pollMs = followPollMs();
  const reference = PublishedReference.load();
  const localStore = (stack: string) => new LocalResultsStore(path.join(out, stack));

  const alreadyDone = new Map<string, boolean>();
  for (const stack of stacks) alreadyDone.set(stack, isComplete(await stackProgress(settings.get(stack)!.cfg, [localStore(stack)])));
  if (opts.dryRun) {
    const plan = planSweep({ sweepId, parallel: opts.parallel, reference, stacks: stacks.map((stack) => ({ stack, cfg: settings.get(stack)!.cfg, alreadyDone: alreadyDone.get(stack)! })) });
    process.stdout.write(`${renderSweepPlan(plan)}\n`);
    return;
  }

  // Loaded only for a real run: --dry-run needs neither Pulumi nor the cloud clients (require: tsx keeps import() native, which cannot load .ts).
  /* eslint-disable @typescript-eslint/no-require-imports */
  await (require("../automation/accountPreflight") as typeof import("../automation/accountPreflight")).assertAccountReady(
    stacks.map((stack) => ({ stack, cfg: settings.get(stack)!.cfg })),
    opts.parallel,
  );
  const { manualDestroyCommand, openWorkspace, StackSession } = require("../automation/stackSession") as typeof import("../automation/stackSession");
  const { openStackBucket } = require("../results/stackBucket") as typeof import("../results/stackBucket");
  const { captureCapacity } = require("../capacity/captureCapacity") as typeof import("../capacity/captureCapacity");
  const { managementApi } = require("../../workloads/samplers/managementApi") as typeof import("../../workloads/samplers/managementApi");
  const { kubeconfigCredentials } = require("../../workloads/samplers/kubeconfigCredentials") as typeof import("../../workloads/samplers/kubeconfigCredentials");
  const { kubeBenchJobApi } = require("../automation/benchJobApi") as typeof import("../automation/benchJobApi");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ctx = await openWorkspace({ state: opts.state });
  const log = new SweepLog(out, sweepId);
  const cancel = cancelOnSignal({
    first: "cancelling: running ups are cancelled, bench Jobs are no longer followed, no new step starts, and every stack that was brought up is destroyed before hcpbench exits",
    again: "destroys are running and are not interrupted; hcpbench exits when they are done",
  });
  const logDir = path.join(out, "logs");
  fs.mkdirSync(logDir, { recursive: true });
  log.write({ step: "sweep", event: "start", detail: { stacks, parallel: opts.parallel, out, backend: ctx.pulumi.backendUrl } });
  const started = Date.now();
  try {
    const deps: PipelineDeps = {
      ...base,
      log,
      signal: cancel.signal,
      settings: (stack, overrides) => stackSettings(stack, overrides, ctx.root),
      openStack: (s) => StackSession.createOrSelect(ctx, s),
      openBucket: openStackBucket,
      captureCapacity: async (stack, cfg, outputs) => {
        const api = managementApi(kubeconfigCredentials(outputs.kubeconfig));
        try {
          return await captureCapacity({ stack, cfg, api });
        } finally {
          await api.close();
        }
      },
      localStore,
      pulumiOutput: (stack, op) => (text) => fs.appendFileSync(path.join(logDir, `${stack}.${op}.log`), text),
      openJobs: (outputs) => kubeBenchJobApi(outputs.kubeconfig),
      followPollMs: pollMs,
    };
    const estimates = new Map(stacks.map((s) => [s, estimateStack(settings.get(s)!.cfg, reference)] as const));
    const outcomes = await runSweep({ stacks, parallel: opts.parallel, deps, estimates, interactive: Boolean(process.stdout.isTTY) });
    log.write({ step: "sweep", event: cancel.signal.aborted ? "cancelled" : "done", seconds: (Date.now() - started) / 1000, detail: { outcomes } });

    const lines = outcomes.map((o) => `  ${o.stack}: ${o.status}${o.error ? ` at ${o.failedStep}: ${o.error}` : ""}${o.warnings.length ? ` (${o.warnings.join("; ")})` : ""}`);
    process.stdout.write(`\nsweep ${sweepId}: results in ${out}, log in ${log.file}\n${lines.join("\n")}\n`);
    const undestroyed = outcomes.filter((o) => o.destroy === "failed");
    if (undestroyed.length > 0) {
      process.stderr.write(
        `hcpbench: ${undestroyed.length} stack(s) could not be destroyed and may still cost money:\n` +
          undestroyed.map((o) => `  ${o.stack}: ${o.destroyError}\n    retry: hcpbench destroy ${o.stack}${opts.state ? ` --state ${opts.state}` : ""}\n    by hand: ${manualDestroyCommand(ctx, o.stack)}`).join("\n") +
          "\n",
      );
    }
    if (cancel.signal.aborted) process.exitCode = 130;
    else if (outcomes.some((o) => o.status === "failed" || o.status === "cancelled") || undestroyed.length > 0) process.exitCode = 1;
  } finally {
    cancel.dispose();
  }
}

export function registerSweep(program: Command): void {
  program
    .command("sweep")
    .description(commandSummaries.sweep.description)
    .argument("<stacks...>", "stack names, or `all` for every stack except local")
    .option("--parallel <k>", "stacks at once", positiveInt("--parallel", { max: 20 }), 1)
    .option("--dry-run", "print the plan with estimated time and cost; create nothing", false)
    .option("--sweep-id <id>", "name of the sweep (rerun with the same id to resume)")
    .option("--out <dir>", "where results and the sweep log go (default ./results/<sweep-id>)")
    .option("--set <path=value>", "override a setting of every stack (repeatable)", collect, [])
    .option("--state <url|dir>", "Pulumi state backend (default file://~/.hcpbench/state)")
    .action((stacks: string[], opts: SweepOpts) => sweepCommand(stacks, opts));
}
