import * as path from "node:path";
import type { Command } from "commander";
import { InputError } from "../../infra/names/inputError";
import { applyOverrides, parseConfig, readStackFile } from "../../infra/config/stackFiles";
import type { Config } from "../../infra/config/schema";
import { profileNames } from "../../infra/names/profiles";
import { namespaces } from "../../infra/namespaces";
import { benchPoints } from "../../infra/names/resultsLayout";
import { describeOutcome, findRunningBenchJob, followJob } from "../automation/benchJobFollower";
import { benchProgress, followPollMs } from "../automation/benchProgress";
import { cancelOnSignal } from "../automation/cancelOnSignal";
import { hcpbenchProjectRoot } from "../automation/hcpbenchHome";
import { readLastOverrides, writeLastOverrides } from "../automation/runConfigFile";
import { stackSettings } from "../automation/stackSettings";
import type { StackOutputs } from "../automation/stackOutputs";
import { collect, intList, listOf, positiveInt } from "../cliArgs";
import { LocalResultsStore, copyMissing } from "../results/resultsStore";
import { stackInfo } from "../sweep/stackPipeline";
import { sweepIdPattern, timestampId } from "../sweep/sweepId";
import { commandSummaries } from "./commandIndex";

/** The Automation API takes a second to import: loaded only by the commands that drive Pulumi (require: tsx keeps import() native, which cannot load .ts). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const automation = () => require("../automation/stackSession") as typeof import("../automation/stackSession");

interface CommonOpts {
  set: string[];
  state?: string;
}

function describeOutputs(stack: string, o: StackOutputs): string {
  const r = o.results;
  return [
    `stack ${stack} is up: ${o.hcpCount} ${o.backend} HCPs`,
    `results: ${r.kind === "s3" ? `s3://${r.bucket}/${r.prefix}/${r.sweepId}/${stack}/` : `${r.endpoint}/${r.bucket}/${r.prefix}/${r.sweepId}/${stack}/ (in-cluster MinIO)`}`,
    o.benchJobs.length > 0
      ? `bench Job started: ${o.benchJobs.join(", ")} (up does not wait for it); follow it and download its results with: hcpbench run ${stack}`
      : "bench: not run (bench.enabled=false)",
    `kubeconfig: pulumi stack output kubeconfig --show-secrets -s ${stack} (kept secret in state)`,
  ].join("\n");
}

function validateSweepId(id: string | undefined): void {
  if (id !== undefined && !sweepIdPattern.test(id)) throw new InputError(`--sweep-id: must start with a letter or digit and hold only letters, digits, dots, underscores, hyphens (got "${id}")`);
}

async function upCommand(stack: string, opts: CommonOpts & { sweepId?: string }): Promise<void> {
  validateSweepId(opts.sweepId);
  const overrides = [...opts.set, ...(opts.sweepId ? [`results.sweepId=${opts.sweepId}`] : [])];
  const settings = stackSettings(stack, overrides);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  await (require("../automation/accountPreflight") as typeof import("../automation/accountPreflight")).assertAccountReady([{ stack, cfg: settings.cfg }]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const presentPreflight = require("../automation/presentPreflight") as typeof import("../automation/presentPreflight");
  await presentPreflight.assertPresentComponents(stack, settings.cfg);
  await presentPreflight.warnUnavailableApiServices(stack, settings.cfg, (line) => process.stderr.write(`${line}\n`));
  const { openWorkspace, StackSession, operationLog } = automation();
  const ctx = await openWorkspace({ state: opts.state });
  const existing = await StackSession.select(ctx, stack);
  if (existing && (await existing.outputs())) {
    // The settings the running stack was brought up with: its stack file and the last up's --set.
    const running = parseConfig(applyOverrides(readStackFile(stack, hcpbenchProjectRoot()), readLastOverrides(ctx.home.configDir, stack)));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const problem = (require("../automation/runningStackGuard") as typeof import("../automation/runningStackGuard")).replicaChangeProblem(stack, running, settings.cfg);
    if (problem) throw new InputError(problem);
  }
  const session = await StackSession.createOrSelect(ctx, settings);
  const logFile = operationLog(ctx.home.logDir, stack, "up");
  const cancel = cancelOnSignal({
    first: "cancelling the up (Pulumi finishes the operations in flight); run `hcpbench destroy " + stack + "` to remove what was created",
    again: "the cancel is in progress; wait for it",
  });
  try {
    const outputs = await session.up({
      signal: cancel.signal,
      onOutput: logFile.echo,
    });
    writeLastOverrides(ctx.home.configDir, stack, opts.set);
    process.stdout.write(`\n${describeOutputs(stack, outputs)}\n`);
  } finally {
    cancel.dispose();
  }
}

/**
 * Destroy deletes objects through the EKS API, which answers only the allow-list of the last up. When
 * this machine's address has changed since, a targeted up first adds it (/32) to the control plane's
 * public access list, and nothing else.
 */
async function refreshApiAccess(stack: string, last: { cfg: Config; overrides: string[] }, configDir: string, session: import("../automation/stackSession").StackSession, echo: (t: string) => void): Promise<void> {
  const { cfg } = last;
  if (cfg.substrate !== "aws" || !(await session.outputs())) return;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { allowListFor, defaultCheckIpUrl, detectPublicIp, eksControlPlaneUrn } = require("../automation/apiAccessRefresh") as typeof import("../automation/apiAccessRefresh");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const found = await detectPublicIp(process.env.HCPBENCH_CHECKIP_URL ?? defaultCheckIpUrl);
  if ("problem" in found) {
    process.stderr.write(`hcpbench: warning: this machine's public address is unknown (${found.problem}); destroying with the allow-list of the last up (${cfg.aws.apiAccessCidrs.join(", ")})\n`);
    return;
  }
  const next = allowListFor(cfg.aws.apiAccessCidrs, found.ip);
  if (!next) return;
  const overrides = [...last.overrides, `aws.apiAccessCidrs=[${next.join(",")}]`];
  process.stdout.write(`this machine is now ${found.ip}, outside the EKS API allow-list (${cfg.aws.apiAccessCidrs.join(", ")}): adding ${found.ip}/32 before the destroy\n`);
  session.configure(stackSettings(stack, overrides));
  await session.upTargets([eksControlPlaneUrn(stack)], { onOutput: echo });
  writeLastOverrides(configDir, stack, overrides);
}

async function destroyCommand(stack: string, opts: { state?: string }): Promise<void> {
  readStackFile(stack, hcpbenchProjectRoot()); // an unknown stack is bad input, before Pulumi runs
  const { openWorkspace, StackSession, operationLog, manualDestroyCommand } = automation();
  const ctx = await openWorkspace({ state: opts.state });
  const session = await StackSession.select(ctx, stack);
  if (!session) {
    process.stdout.write(`stack ${stack} has no state in ${ctx.pulumi.backendUrl}: nothing to destroy\n`);
    return;
  }
  const logFile = operationLog(ctx.home.logDir, stack, "destroy");
  const cancel = cancelOnSignal({
    first: "the destroy is not interrupted (a half-destroyed test-bed keeps costing money); hcpbench waits for it",
    again: "still waiting for the destroy to finish",
  });
  try {
    // The settings of the last up, read once for both steps below.
    const overrides = readLastOverrides(ctx.home.configDir, stack);
    const last = { cfg: parseConfig(applyOverrides(readStackFile(stack, hcpbenchProjectRoot()), overrides)), overrides };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await (require("../automation/presentPreflight") as typeof import("../automation/presentPreflight")).warnUnavailableApiServices(stack, last.cfg, (line) => process.stderr.write(`${line}\n`));
    await refreshApiAccess(stack, last, ctx.home.configDir, session, logFile.echo);
    await session.destroy({
      onOutput: logFile.echo,
    });
    process.stdout.write(`\nstack ${stack} destroyed\n`);
  } catch (err) {
    throw new Error(`destroy of ${stack} failed: ${(err as Error).message.split("\n")[0]}\nretry with: hcpbench destroy ${stack}\nor by hand: ${manualDestroyCommand(ctx, stack)}\nfull output: ${logFile.file}`);
  } finally {
    cancel.dispose();
  }
}

interface RunOpts extends CommonOpts {
  profiles?: string[];
  concurrency?: number[];
  runs?: number;
  ops?: number;
  sweepId?: string;
  out?: string;
}

/** The bench options of `run`: given while a Job is still running, they would be silently ignored. */
function benchOptionsGiven(opts: RunOpts): string[] {
  const given: [string, unknown][] = [["--profiles", opts.profiles], ["--concurrency", opts.concurrency], ["--runs", opts.runs], ["--ops", opts.ops], ["--sweep-id", opts.sweepId], ["--set", opts.set.length > 0 ? opts.set : undefined]];
  return given.filter(([, v]) => v !== undefined).map(([k]) => k);
}

async function runCommand(stack: string, opts: RunOpts): Promise<void> {
  validateSweepId(opts.sweepId);
  readStackFile(stack, hcpbenchProjectRoot());
  const pollMs = followPollMs();
  const { openWorkspace, StackSession, operationLog } = automation();
  const ctx = await openWorkspace({ state: opts.state });
  const session = await StackSession.select(ctx, stack);
  const previous = session ? await session.outputs() : undefined;
  if (!session || !previous) throw new InputError(`stack ${stack}: not up in ${ctx.pulumi.backendUrl}; bring it up first with: hcpbench up ${stack}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { kubeBenchJobApi } = require("../automation/benchJobApi") as typeof import("../automation/benchJobApi");
  const jobs = await kubeBenchJobApi(previous.kubeconfig);

  // A Job still running (started by `up`, or by a `run` that was stopped) is followed again, never doubled.
  const running = await findRunningBenchJob(jobs, namespaces.bench);
  if (running && benchOptionsGiven(opts).length > 0) {
    throw new InputError(`${benchOptionsGiven(opts).join(", ")}: bench Job ${running.name} is still running on ${stack}; run \`hcpbench run ${stack}\` without bench options to follow it, or wait until it ends`);
  }
  const cancel = cancelOnSignal({
    first: `stopping: an up in progress is cancelled (the fleet stays up); a bench Job that exists keeps running, and \`hcpbench run ${stack}\` follows it again`,
    again: "the cancel is in progress; wait for it",
  });
  try {
    let outputs: StackOutputs;
    let jobName: string;
    let sweepId: string;
    let planned: number | undefined;
    const out = (id: string) => path.resolve(opts.out ?? path.join("results", id), stack);
    if (running) {
      sweepId = running.sweepId ?? previous.results.sweepId;
      outputs = { ...previous, results: { ...previous.results, sweepId } };
      jobName = running.name;
      process.stdout.write(`bench Job ${jobName} (sweep ${sweepId}) is still running on ${stack}: following it\n`);
    } else {
      // The fleet keeps the settings of the last up; only the bench settings change, and a new run token recreates only the bench Job.
      sweepId = opts.sweepId ?? `run-${timestampId()}`;
      const runToken = `r${Date.now().toString(36)}`;
      const bench = [
        "bench.enabled=true",
        `bench.runToken=${runToken}`,
        `results.sweepId=${sweepId}`,
        ...(opts.profiles ? [`bench.profiles=[${opts.profiles.join(",")}]`] : []),
        ...(opts.concurrency ? [`bench.concurrency=[${opts.concurrency.join(",")}]`] : []),
        ...(opts.runs !== undefined ? [`bench.runs=${opts.runs}`] : []),
        ...(opts.ops !== undefined ? [`bench.ops=${opts.ops}`] : []),
      ];
      const fleetOverrides = [...readLastOverrides(ctx.home.configDir, stack), ...opts.set];
      const settings = stackSettings(stack, [...fleetOverrides, ...bench]);
      session.configure(settings);
      const logFile = operationLog(ctx.home.logDir, stack, "run");
      // This up only creates the Job (pulumi.com/skipAwait); the AWS session it needs lasts minutes, not the bench.
      outputs = await session.up({ signal: cancel.signal, onOutput: logFile.echo });
      if (outputs.benchJobs.length === 0) throw new Error(`stack ${stack}: the up created no bench Job`);
      jobName = outputs.benchJobs[0];
      planned = benchPoints(settings.cfg.bench).length;
      await new LocalResultsStore(out(sweepId)).put("stack.json", `${JSON.stringify(stackInfo(stack, sweepId, settings.cfg, fleetOverrides), null, 2)}\n`);
    }

    const local = new LocalResultsStore(out(sweepId));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { openStackBucket } = require("../results/stackBucket") as typeof import("../results/stackBucket");
    const bucket = await openStackBucket(outputs, stack);
    try {
      const onStatus = benchProgress({
        planned,
        countDone: async () => (await bucket.store.list()).filter((k) => k.endsWith("/result.json")).length,
        write: (line) => process.stdout.write(`bench Job ${jobName}: ${line}\n`),
      });
      const outcome = await followJob({ api: jobs, namespace: namespaces.bench, name: jobName, signal: cancel.signal, pollMs, onStatus });
      const summary = describeOutcome(jobName, outcome);
      if (outcome.kind === "interrupted") {
        process.stdout.write(`\n${summary}; \`hcpbench run ${stack}\` follows it again and downloads its results\n`);
        process.exitCode = 130;
        return;
      }
      // Whatever the Job's end, the points it finished are downloaded.
      const copied = await copyMissing(bucket.store, local);
      process.stdout.write(`\n${summary}: ${copied.length} files from ${bucket.store.where} -> ${local.root}\n`);
      if (outcome.kind !== "complete") {
        process.stderr.write(`hcpbench: ${summary}; the points it finished are in ${local.root}; \`hcpbench run ${stack} --sweep-id ${sweepId}\` runs the missing ones\n`);
        process.exitCode = 1;
      }
    } finally {
      await bucket.close();
    }
  } finally {
    cancel.dispose();
  }
}

export function registerStackCommands(program: Command): void {
  program
    .command("up")
    .description(commandSummaries.up.description)
    .argument("<stack>", "stack name, e.g. etcd-10 (see stacks/)")
    .option("--set <path=value>", "override a stack setting, e.g. --set fleet.count=5 (repeatable)", collect, [])
    .option("--sweep-id <id>", "results go under <prefix>/<sweep-id>/<stack>/")
    .option("--state <url|dir>", "Pulumi state backend (default file://~/.hcpbench/state)")
    .action((stack: string, opts: CommonOpts & { sweepId?: string }) => upCommand(stack, opts));

  program
    .command("destroy")
    .description(commandSummaries.destroy.description)
    .argument("<stack>", "stack name")
    .option("--state <url|dir>", "Pulumi state backend (default file://~/.hcpbench/state)")
    .action((stack: string, opts: { state?: string }) => destroyCommand(stack, opts));

  program
    .command("run")
    .description(commandSummaries.run.description)
    .argument("<stack>", "stack name")
    .option("--profiles <list>", `profiles, comma separated (${profileNames.join(", ")})`, listOf("--profiles", profileNames))
    .option("--concurrency <list>", "client counts, comma separated, e.g. 50,200", intList("--concurrency", { min: 1, max: 10000 }))
    .option("--runs <n>", "runs per point", positiveInt("--runs", { max: 20 }))
    .option("--ops <n>", "operations per point", positiveInt("--ops", { max: 10_000_000 }))
    .option("--sweep-id <id>", "results go under <prefix>/<sweep-id>/<stack>/ (default run-<time>)")
    .option("--out <dir>", "where results are downloaded (default ./results/<sweep-id>)")
    .option("--set <path=value>", "override a stack setting (repeatable)", collect, [])
    .option("--state <url|dir>", "Pulumi state backend (default file://~/.hcpbench/state)")
    .action((stack: string, opts: RunOpts) => runCommand(stack, opts));
}
