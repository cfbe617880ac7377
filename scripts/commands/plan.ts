import * as path from "node:path";
import type { Command } from "commander";
import { collect } from "../cliArgs";
import { renderHumanPlan } from "../plan/renderPlan";
import { runPlan } from "../plan/runPlan";
import { writePlanFiles } from "../plan/writePlanFiles";
import { commandSummaries } from "./commandIndex";

interface PlanOptions {
  readonly json?: boolean;
  readonly out?: string;
  readonly set?: string[];
}

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description(commandSummaries.plan.description)
    .argument("<stack>", "stack name, e.g. kine-postgres-100 (a file stacks/Pulumi.<stack>.yaml)")
    .option("--json", "print exactly one JSON object {stack, config, resources, cost} on stdout (warnings go to stderr)")
    .option(
      "--out <dir>",
      "also write DIR/plan.json, DIR/kubernetes/<layer>.yaml (every Kubernetes object, one multi-document file per layer) " +
        "and DIR/helm/<name>.values.yaml (each Helm release's values)",
    )
    .option("--set <path=value>", "override a stack setting, e.g. --set fleet.count=1000 (repeatable)", collect)
    .action(async (stack: string, opts: PlanOptions) => {
      const plan = await runPlan(stack, opts.set ?? []);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(plan.document)}\n`);
        for (const w of plan.warnings) process.stderr.write(`hcpbench: warning: ${w}\n`);
      } else {
        process.stdout.write(renderHumanPlan(stack, plan.cfg, plan.evaluation.resources, plan.document.cost, plan.warnings));
      }
      if (opts.out) {
        const files = writePlanFiles(opts.out, plan.document, plan.evaluation.resources);
        const where = path.relative(process.cwd(), opts.out) || ".";
        (opts.json ? process.stderr : process.stdout).write(`Wrote ${files.length} files to ${where}\n`);
      }
    });
}
