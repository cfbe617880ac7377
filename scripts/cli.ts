import { Command } from "commander";
import { reportCommandError } from "./commandErrors";
import { commandSummaries, type CommandName } from "./commands/commandIndex";

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand: require, since tsx keeps import() native, which cannot load .ts */

/** A command module: the commands it defines, and how to load its register function. */
export interface CommandGroup {
  readonly names: readonly CommandName[];
  register(): (program: Command) => void;
}

/** Command modules, loaded only when one of their commands runs (or shows its own help). */
const commandGroups: readonly CommandGroup[] = [
  { names: ["plan"], register: () => (require("./commands/plan") as typeof import("./commands/plan")).registerPlan },
  { names: ["up", "destroy", "run"], register: () => (require("./commands/stack") as typeof import("./commands/stack")).registerStackCommands },
  { names: ["sweep"], register: () => (require("./commands/sweep") as typeof import("./commands/sweep")).registerSweep },
  { names: ["loadgen"], register: () => (require("./commands/loadgen") as typeof import("./commands/loadgen")).registerLoadgen },
  { names: ["report"], register: () => (require("./commands/report") as typeof import("./commands/report")).registerReport },
  { names: ["gc"], register: () => (require("./commands/gc") as typeof import("./commands/gc")).registerGc },
  { names: ["lab"], register: () => (require("./commands/lab") as typeof import("./commands/lab")).registerLab },
  { names: ["conformance"], register: () => (require("./commands/conformance") as typeof import("./commands/conformance")).registerConformance },
];

/** The command an argv asks for (`hcpbench plan ...`, `hcpbench help plan`), if any. */
function requestedCommand(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith("-"));
  return words[0] === "help" ? words[1] : words[0];
}

/**
 * hcpbench: one binary for every step of the study. Each command lives in
 * scripts/commands/<name>.ts and registers itself; `argv` given, only the
 * module of the command it names is loaded and the others appear in the
 * help by their summary alone (commandIndex.ts), so `--help` starts fast.
 * Exit codes: 0 done, 1 failed while running, 2 bad input (nothing was created).
 */
export function buildCli(argv?: readonly string[], groups: readonly CommandGroup[] = commandGroups): Command {
  const program = new Command("hcpbench")
    .description("Benchmark hosted Kubernetes control planes (k0smotron, Kamaji) on every storage backend")
    .showHelpAfterError()
    .exitOverride();
  const wanted = argv === undefined ? undefined : requestedCommand(argv.slice(2));
  const terms = new Map<string, string>();
  for (const group of groups) {
    if (argv === undefined || group.names.some((n) => n === wanted)) {
      group.register()(program);
      continue;
    }
    for (const name of group.names) {
      const { term, description } = commandSummaries[name];
      // A stand-in that only lists the command; commander never runs it, since a request for it loads the real one.
      program.command(name).description(description);
      terms.set(name, term);
    }
  }
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? defaultTerm(cmd) });
  return program;
}

/** Commander's own term: name, `[options]` when it has any, then its arguments. */
function defaultTerm(cmd: Command): string {
  const args = cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? "..." : ""}>` : `[${a.name()}${a.variadic ? "..." : ""}]`)).join(" ");
  return `${cmd.name()}${cmd.options.length > 0 ? " [options]" : ""}${args ? ` ${args}` : ""}`;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildCli(argv).parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    return reportCommandError(err, "hcpbench", { stack: Boolean(process.env.HCPBENCH_DEBUG) });
  }
}
