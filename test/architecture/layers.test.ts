import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Dependencies point one way (ARCHITECTURE, issue "Code health"): the names
 * leaf, then config, substrate, platform, fleet, bench and the Pulumi program,
 * with the load generator beside them (it and the bench Job use only the leaf
 * and each other) and the CLI scripts on top. This test reads every relative
 * import of every module (tests excepted) and fails on one that points up.
 */

const repo = path.resolve(__dirname, "../..");

type Layer = "names" | "config" | "substrate" | "platform" | "fleet" | "bench" | "program" | "loadgen" | "scripts" | "test";

/** Longest matching prefix wins. */
const layerOfPrefix: readonly (readonly [string, Layer])[] = [
  ["infra/names/", "names"],
  ["infra/config/", "config"],
  ["infra/aws/", "config"],
  ["infra/namespaces.ts", "config"],
  ["infra/kubernetes/", "config"],
  ["infra/substrate/", "substrate"],
  ["infra/platform/", "platform"],
  ["workloads/backends/", "fleet"],
  ["workloads/fleet/", "fleet"],
  ["workloads/bench/", "bench"],
  ["workloads/conformance/", "bench"],
  ["infra/program.ts", "program"],
  ["infra/index.ts", "program"],
  ["infra/plan/", "program"],
  ["infra/cost/", "program"],
  ["workloads/loadgen/", "loadgen"],
  ["workloads/samplers/", "loadgen"],
  ["scripts/", "scripts"],
  ["bin/", "scripts"],
  ["test/", "test"],
];

/** What each layer may import, besides itself. */
const mayImport: Record<Exclude<Layer, "test">, readonly Layer[]> = {
  names: [],
  config: ["names"],
  substrate: ["names", "config"],
  platform: ["names", "config", "substrate"],
  fleet: ["names", "config", "substrate", "platform"],
  loadgen: ["names"],
  bench: ["names", "config", "substrate", "platform", "fleet", "loadgen"],
  program: ["names", "config", "substrate", "platform", "fleet", "bench", "loadgen"],
  scripts: ["names", "config", "substrate", "platform", "fleet", "bench", "program", "loadgen"],
};

function layerOf(file: string): Layer | undefined {
  let best: readonly [string, Layer] | undefined;
  for (const entry of layerOfPrefix) if (file.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best?.[1];
}

/** The edges that break the layer order, as readable lines. */
function upwardImports(edges: readonly (readonly [string, string])[]): string[] {
  const out: string[] = [];
  for (const [file, target] of edges) {
    const from = layerOf(file);
    const to = layerOf(target);
    if (from === undefined || from === "test") continue;
    if (to === undefined || (to !== from && !mayImport[from].includes(to))) out.push(`${file} (${from}) -> ${target} (${to ?? "outside every layer"})`);
  }
  return out;
}

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(repo, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && !e.name.startsWith(".")) walk(rel);
      } else if (/\.(ts|js|mjs)$/.test(e.name) && !/\.test\.ts$/.test(e.name)) out.push(rel);
    }
  };
  for (const dir of ["infra", "workloads", "scripts", "bin"]) walk(dir);
  return out;
}

/** Relative imports of a file (static, dynamic and re-exports), resolved to repository paths. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(path.join(repo, file), "utf8"), true, true);
  return info.importedFiles
    .map((i) => i.fileName)
    .filter((s) => s.startsWith("."))
    .map((s) => resolve(path.posix.normalize(path.posix.join(path.posix.dirname(file), s))));
}

/** The file an extensionless import names, as Node's and TypeScript's resolution would find it. */
function resolve(target: string): string {
  for (const candidate of [target, `${target}.ts`, `${target}.js`, `${target}/index.ts`]) {
    if (fs.existsSync(path.join(repo, candidate)) && fs.statSync(path.join(repo, candidate)).isFile()) return candidate;
  }
  return target;
}

describe("import direction", () => {
  const files = sourceFiles();

  it("knows the layer of every module", () => {
    expect(files.length).toBeGreaterThan(200);
    expect(files.filter((f) => layerOf(f) === undefined)).toEqual([]);
  });

  it("has no import that points up a layer or into the tests", () => {
    const edges = files.flatMap((file) => importsOf(file).map((target) => [file, target] as const));
    expect(edges.length).toBeGreaterThan(500);
    expect(upwardImports(edges)).toEqual([]);
  });

  it("catches each upward import this refactor removed", () => {
    // The edges as they stood before (commit 4996480).
    const removed = [
      ["infra/config/schema.ts", "workloads/backends/registry.ts"],
      ["infra/config/schema.ts", "workloads/loadgen/profiles/registry.ts"],
      ["infra/substrate/pools.ts", "workloads/backends/registry.ts"],
      ["infra/platform/platformPieces.ts", "workloads/backends/registry.ts"],
      ["infra/platform/kamaji/kamajiRelease.ts", "workloads/backends/operators.ts"],
      ["workloads/loadgen/job/benchJob.ts", "scripts/results/layout.ts"],
      ["workloads/loadgen/job/benchJobMain.ts", "scripts/results/s3ResultsStore.ts"],
      ["workloads/loadgen/drivers/driverFactory.ts", "infra/config/inputError.ts"],
      ["scripts/bench/loadgenBench.ts", "test/k8sApiServer/watchReplayServer.ts"],
    ] as const;
    expect(upwardImports(removed)).toHaveLength(removed.length);
    // And lets the allowed directions through.
    expect(upwardImports([["infra/config/schema.ts", "infra/names/backends.ts"], ["scripts/cli.ts", "workloads/loadgen/runLoadgen.ts"]])).toEqual([]);
  });
});
