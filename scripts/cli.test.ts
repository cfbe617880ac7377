import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { buildCli, type CommandGroup } from "./cli";
import { commandSummaries } from "./commands/commandIndex";
import { registerConformance } from "./commands/conformance";
import { registerGc } from "./commands/gc";
import { registerLab } from "./commands/lab";
import { registerLoadgen } from "./commands/loadgen";
import { registerPlan } from "./commands/plan";
import { registerReport } from "./commands/report";
import { registerStackCommands } from "./commands/stack";
import { registerSweep } from "./commands/sweep";

// The CLI loads its command modules with require (tsx); vitest cannot require .ts, so the same modules are handed in loaded.
const loaded = new Set<string>();
const groups: CommandGroup[] = [
  { names: ["plan"], register: () => (loaded.add("plan"), registerPlan) },
  { names: ["up", "destroy", "run"], register: () => (loaded.add("stack"), registerStackCommands) },
  { names: ["sweep"], register: () => (loaded.add("sweep"), registerSweep) },
  { names: ["loadgen"], register: () => (loaded.add("loadgen"), registerLoadgen) },
  { names: ["report"], register: () => (loaded.add("report"), registerReport) },
  { names: ["gc"], register: () => (loaded.add("gc"), registerGc) },
  { names: ["lab"], register: () => (loaded.add("lab"), registerLab) },
  { names: ["conformance"], register: () => (loaded.add("conformance"), registerConformance) },
];

/** Commander's help term for a command as its real definition gives it. */
function termOf(cmd: ReturnType<typeof buildCli>["commands"][number]): string {
  const args = cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? "..." : ""}>` : `[${a.name()}${a.variadic ? "..." : ""}]`));
  return [cmd.name(), ...(cmd.options.length > 0 ? ["[options]"] : []), ...args].join(" ");
}

describe("CLI start-up index", () => {
  const full = buildCli(undefined, groups);

  it("lists every real command, in order, with the term and description the command itself declares", () => {
    const real = full.commands.map((c) => ({ name: c.name(), term: termOf(c), description: c.description() }));
    const index = Object.entries(commandSummaries).map(([name, s]) => ({ name, term: s.term, description: s.description }));
    expect(index).toEqual(real);
  });

  it("loads no command module for --help, and shows the same help as with all of them loaded", () => {
    loaded.clear();
    const lazy = buildCli(["node", "hcpbench", "--help"], groups);
    expect([...loaded]).toEqual([]);
    expect(lazy.helpInformation()).toBe(full.helpInformation());
  });

  it("loads only the module of the command asked for, with its real options", () => {
    loaded.clear();
    const cli = buildCli(["node", "hcpbench", "plan", "etcd-10", "--json"], groups);
    expect([...loaded]).toEqual(["plan"]);
    expect(cli.commands.find((c) => c.name() === "plan")?.options.map((o) => o.long)).toEqual(["--json", "--out", "--set"]);
    loaded.clear();
    buildCli(["node", "hcpbench", "help", "destroy"], groups);
    expect([...loaded]).toEqual(["stack"]);
  });

  it("prints that help from the real binary, whose loaders find every module", () => {
    const bin = path.resolve(__dirname, "../bin/hcpbench.js");
    const top = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8", env: { ...process.env, COLUMNS: "80" } });
    expect(top.status).toBe(0);
    expect(top.stdout).toBe(full.helpInformation());
    for (const name of Object.keys(commandSummaries)) {
      const one = spawnSync(process.execPath, [bin, "help", name], { encoding: "utf8" });
      expect(one.status, `${name}: ${one.stderr}`).toBe(0);
      expect(one.stdout).toContain(`Usage: hcpbench ${name}`);
    }
  }, 120_000);
});
