import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import {
  listStacks,
  loadStackConfig,
  parseConfig,
  projectRoot,
  rawConfigFromPulumi,
  rawConfigToPulumi,
  readStackFile,
  stackFilePath,
} from "../../infra/config/stackFiles";
import { backendNames } from "../../infra/names/backends";

/*
 * Every stack file as the Pulumi CLI reads it (stackConfigDir: stacks, a
 * `config:` map of `hcpbench:<key>` settings), validated by the schema, and
 * holding only what differs from the schema's defaults.
 */
const stacks = listStacks();

/** Leaf settings of a raw config, as dotted paths; lists are single values. */
function leaves(value: unknown, at: string[] = []): [string[], unknown][] {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
  }
  return [[at, value]];
}

const valueAt = (obj: unknown, at: string[]) => at.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);

describe("stack files", () => {
  it("cover every backend at 10, 50 and 100 HCPs, plus local", () => {
    const expected = [...backendNames.flatMap((b) => [10, 50, 100].map((n) => `${b}-${n}`)), "local"].sort();
    expect(stacks).toEqual(expected);
  });

  it.each(stacks)("%s: a config map of hcpbench: settings only", (stack) => {
    const doc = parseYaml(fs.readFileSync(stackFilePath(stack), "utf8")) as { config?: Record<string, unknown> };
    expect(Object.keys(doc)).toEqual(["config"]);
    for (const key of Object.keys(doc.config ?? {})) expect(key).toMatch(/^hcpbench:[a-zA-Z]+$/);
  });

  it.each(stacks)("%s: validates, names its backend and count, and survives the trip through the Pulumi engine", (stack) => {
    const cfg = loadStackConfig(stack);
    const m = /^(.+)-(\d+)$/.exec(stack);
    if (m) expect([cfg.fleet.backend, cfg.fleet.count]).toEqual([m[1], Number(m[2])]);
    // The engine hands the program `hcpbench:<key>` -> string; the program must see the same settings.
    const raw = readStackFile(stack);
    expect(parseConfig(rawConfigFromPulumi(rawConfigToPulumi(raw)))).toEqual(cfg);
  });

  it.each(stacks)("%s: sets nothing to its default value", (stack) => {
    const raw = readStackFile(stack);
    // The defaults: a config holding only the settings the schema requires.
    const defaults = parseConfig({ fleet: { backend: (raw.fleet as { backend: string }).backend, count: 1 } }) as unknown;
    const redundant = leaves(raw)
      .filter(([at]) => !(at[0] === "fleet" && (at[1] === "backend" || at[1] === "count")))
      .filter(([at, v]) => JSON.stringify(valueAt(defaults, at)) === JSON.stringify(v))
      .map(([at]) => `hcpbench:${at.join(".")}`);
    expect(redundant, `${path.relative(projectRoot, stackFilePath(stack))} repeats defaults`).toEqual([]);
  });
});
