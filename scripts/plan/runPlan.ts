import { InputError } from "../../infra/names/inputError";
import type { Config } from "../../infra/config/schema";
import { ebsAttachmentProblems } from "../../infra/cost/ebsAttachments";
import { loadStackConfig } from "../../infra/config/stackFiles";
import { estimateHourlyCost } from "../../infra/cost/estimate";
import { evaluateProgram, type Evaluation } from "../../infra/plan/evaluate";
import { planDocument, type PlanDocument } from "./planDocument";
import { planWarnings } from "./planWarnings";

export interface PlanResult {
  readonly cfg: Config;
  readonly evaluation: Evaluation;
  readonly document: PlanDocument;
  readonly warnings: string[];
}

/**
 * While the program runs under the mock engine, whatever the Pulumi runtime
 * (or a layer) writes to stdout goes to stderr instead: `plan --json` must
 * print nothing but the plan on stdout.
 */
export async function withStdoutOnStderr<T>(fn: () => Promise<T>): Promise<T> {
  const original = process.stdout.write;
  process.stdout.write = ((...args: Parameters<typeof process.stderr.write>) => process.stderr.write(...args)) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = original;
  }
}

/** Loads and validates the stack (InputError on a bad setting, before anything runs), evaluates the program, prices it. */
export async function runPlan(stack: string, overrides: readonly string[] = []): Promise<PlanResult> {
  const cfg = loadStackConfig(stack, { overrides });
  // A stack whose volumes cannot attach would leave pods Pending for ever: refused like a bad setting.
  const attachProblems = ebsAttachmentProblems(cfg);
  if (attachProblems.length > 0) throw new InputError(attachProblems);
  const evaluation = await withStdoutOnStderr(() => evaluateProgram(cfg, stack));
  const cost = estimateHourlyCost(cfg, evaluation.resources);
  return { cfg, evaluation, document: planDocument(stack, cfg, evaluation, cost), warnings: planWarnings(cfg) };
}
