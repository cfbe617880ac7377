import { CommanderError } from "commander";
import { isInputError } from "../infra/names/inputError";

/**
 * The exit code for what a command threw, with its lines on stderr: 0 for
 * commander's help and version, 2 for bad input (a flag commander refused,
 * which it has reported itself, or an InputError, one line per problem),
 * 1 for anything else (its message, and its stack when asked for).
 */
export function reportCommandError(err: unknown, prefix: string, opts: { stack?: boolean } = {}): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  if (isInputError(err)) {
    for (const line of err.problems) process.stderr.write(`${prefix}: ${line}\n`);
    return 2;
  }
  process.stderr.write(`${prefix}: ${err instanceof Error ? err.message : String(err)}\n`);
  if (opts.stack && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 1;
}
