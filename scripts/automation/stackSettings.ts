import { InputError } from "../../infra/names/inputError";
import type { Config } from "../../infra/config/schema";
import { applyOverrides, parseConfig, readStackFile, type RawConfig } from "../../infra/config/stackFiles";
import { hcpbenchProjectRoot } from "./hcpbenchHome";
import { preflightProblems } from "./preflight";

/** A stack's validated settings for one Pulumi operation. */
export interface StackSettings {
  readonly stack: string;
  readonly raw: RawConfig;
  readonly cfg: Config;
}

/**
 * Validates a stack's settings with the user's --set overrides and the run's
 * own settings (sweep id, run token, bench on/off) on top: an unknown stack
 * or a bad setting is bad input, before any Pulumi command runs.
 */
export function stackSettings(stack: string, overrides: readonly string[], root = hcpbenchProjectRoot()): StackSettings {
  const raw = applyOverrides(readStackFile(stack, root), overrides);
  const cfg = parseConfig(raw);
  const problems = preflightProblems(stack, cfg);
  if (problems.length > 0) throw new InputError(problems);
  return { stack, raw, cfg };
}

