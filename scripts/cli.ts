import { Command, CommanderError } from "commander";
import { isInputError } from "../infra/config/inputError";
import { registerPlan } from "./commands/plan";
import { registerLoadgen } from "./commands/loadgen";
import { registerReport } from "./commands/report";
import { registerStackCommands } from "./commands/stack";
import { registerSweep } from "./commands/sweep";
import { registerGc } from "./commands/gc";
import { registerLab } from "./commands/lab";

/**
 * hcpbench: one binary for every step of the study. Each command lives in
 * scripts/commands/<name>.ts and registers itself here.
 * Exit codes: 0 done, 1 failed while running, 2 bad input (nothing was created).
 */
export function buildCli(): Command {
  const program = new Command("hcpbench")
    .description("Benchmark hosted Kubernetes control planes (k0smotron, Kamaji) on every storage backend")
    .showHelpAfterError()
    .exitOverride();
  registerPlan(program);
  registerStackCommands(program);
  registerSweep(program);
  registerLoadgen(program);
  registerReport(program);
  registerGc(program);
  registerLab(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are not errors; anything else commander rejects is a bad flag.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (isInputError(err)) {
      for (const line of err.problems) process.stderr.write(`hcpbench: ${line}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`hcpbench: ${message}\n`);
    if (process.env.HCPBENCH_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
