import type { Command } from "commander";
import { InputError } from "../../infra/names/inputError";
import { orphanPlan, parseArn } from "../automation/gc/orphanPlan";
import { commandSummaries } from "./commandIndex";

interface GcOpts {
  region?: string;
  delete: boolean;
  state?: string;
}

/**
 * hcpbench gc: AWS resources tagged by hcpbench whose stack is not live in the
 * state backend (no stack, or a stack with no resources): leftovers of a
 * failed destroy or of lost state. Lists them in the order they must go;
 * with --delete removes what it can (empty S3 buckets) and prints the AWS CLI
 * command for everything else.
 */
async function gcCommand(opts: GcOpts): Promise<void> {
  if (!opts.region || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(opts.region)) {
    throw new InputError(`--region: must be an AWS region such as us-east-1 (got "${opts.region ?? ""}")`);
  }
  const region = opts.region;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { openWorkspace } = require("../automation/stackSession") as typeof import("../automation/stackSession");
  const { listTaggedResources, deleteBucketIfEmpty } = require("../automation/gc/awsLeftovers") as typeof import("../automation/gc/awsLeftovers");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ctx = await openWorkspace({ state: opts.state });
  const stacks = await ctx.workspace.listStacks();
  const live = new Set(stacks.filter((s) => (s.resourceCount ?? 0) > 0).map((s) => s.name));
  const plan = orphanPlan(await listTaggedResources(region), live, region);
  const say = (l: string) => process.stdout.write(`${l}\n`);

  say(`live stacks in ${ctx.pulumi.backendUrl}: ${live.size > 0 ? [...live].sort().join(", ") : "none"}`);
  if (plan.length === 0) {
    say(`no leftover hcpbench resources in ${region}`);
    return;
  }
  say(`${plan.length} leftover hcpbench resource(s) in ${region} (stack not live), in the order they must go:`);
  for (const s of plan) say(`  [${s.stack}] ${s.kind} ${s.arn}`);
  if (!opts.delete) {
    say("nothing deleted; run again with --delete to remove empty buckets and print the command for each other resource");
    return;
  }

  const remaining: string[] = [];
  for (const s of plan) {
    if (!s.hcpbenchDeletes) {
      remaining.push(`  ${s.command}`);
      continue;
    }
    const bucket = parseArn(s.arn).id;
    const verdict = await deleteBucketIfEmpty(bucket, region);
    if (verdict.deleted) say(`deleted empty bucket ${bucket}`);
    else {
      say(`kept bucket ${bucket}: ${verdict.reason}`);
      remaining.push(`  ${s.command}`);
    }
  }
  if (remaining.length > 0) {
    say(`hcpbench cannot delete these itself (it ships only an S3 client, and deletes only empty buckets); run, in this order:\n${remaining.join("\n")}`);
    process.exitCode = 1;
  }
}

export function registerGc(program: Command): void {
  program
    .command("gc")
    .description(commandSummaries.gc.description)
    .requiredOption("--region <region>", "AWS region to search, e.g. us-east-1")
    .option("--delete", "delete what hcpbench can (empty results buckets) and print the rest", false)
    .option("--state <url|dir>", "Pulumi state backend that says which stacks are live (default file://~/.hcpbench/state)")
    .action((opts: GcOpts) => gcCommand(opts));
}
