import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { projectRoot } from "../../infra/config/stackFiles";
import type { PlanDocument } from "./planDocument";
import { kubernetesObjectsOf } from "../../infra/plan/kubernetesObjects";

/* `hcpbench plan <stack> --out DIR` through the real CLI: the human plan on stdout, the files on disk. */
const out = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-plan-"));
let run: ReturnType<typeof spawnSync>;

beforeAll(() => {
  run = spawnSync(process.execPath, [path.join(projectRoot, "bin", "hcpbench.js"), "plan", "kine-t4-10", "--out", out, "--set", "aws.apiAccessCidrs=[198.51.100.7/32]"], {
    cwd: projectRoot,
    encoding: "utf8",
    timeout: 120_000,
  });
}, 180_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const read = (rel: string) => fs.readFileSync(path.join(out, rel), "utf8");

describe("hcpbench plan kine-t4-10 --out DIR", () => {
  it("prints the human plan: layers, totals, the priced items with the price date, and no warning when the API is reachable", () => {
    expect(run.status).toBe(0);
    const stdout = String(run.stdout);
    expect(stdout).toMatch(/^Plan for stack kine-t4-10: 10 × kine-t4 /);
    for (const heading of ["substrate  hcpbench:substrate:Aws", "platform  hcpbench:platform:", "fleet  hcpbench:fleet:Fleet"]) expect(stdout).toContain(heading);
    expect(stdout).toMatch(/\nResources: \d+ \(substrate \d+, platform \d+, fleet \d+/);
    expect(stdout).toMatch(/\nEstimated cost: \$\d+\.\d\d per hour, .* as of \d{4}-\d\d-\d\d\)/);
    expect(stdout).toContain("EKS control plane");
    expect(stdout).not.toContain("Warnings:");
    expect(stdout).toMatch(/Wrote \d+ files to /);
  });

  it("writes plan.json, the same document as --json", () => {
    const doc = JSON.parse(read("plan.json")) as PlanDocument;
    expect(Object.keys(doc)).toEqual(["stack", "config", "resources", "cost"]);
    expect(doc.config.aws.apiAccessCidrs).toEqual(["198.51.100.7/32"]);
  });

  it("writes every Kubernetes object as YAML, one multi-document file per layer", () => {
    const doc = JSON.parse(read("plan.json")) as PlanDocument;
    const k8s = doc.resources.flatMap(kubernetesObjectsOf);
    expect(doc.resources.filter((r) => r.type === "kubernetes:yaml/v2:ConfigGroup").length).toBeGreaterThan(0);
    const files = fs.readdirSync(path.join(out, "kubernetes")).sort();
    expect(files).toEqual(expect.arrayContaining(["fleet.yaml", "platform.yaml", "substrate.yaml"]));
    const objects = files.flatMap((f) => parseAllDocuments(read(path.join("kubernetes", f))).map((d) => d.toJS() as Record<string, unknown>));
    expect(objects).toHaveLength(k8s.length);
    for (const o of objects) expect([typeof o.apiVersion, typeof o.kind]).toEqual(["string", "string"]);
    const classes = parseAllDocuments(read("kubernetes/substrate.yaml")).map((d) => d.toJS() as { kind: string; metadata: { name: string } });
    expect(classes.filter((c) => c.kind === "StorageClass").map((c) => c.metadata.name).sort()).toEqual(["hcpbench-gp3", "hcpbench-io2", "hcpbench-io2-datastore", "hcpbench-local"]);
  });

  it("writes each Helm release's values", () => {
    const doc = JSON.parse(read("plan.json")) as PlanDocument;
    const releases = doc.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
    expect(releases.length).toBeGreaterThan(0);
    for (const r of releases) expect(parse(read(`helm/${r.name}.values.yaml`)) ?? {}).toEqual(r.inputs.values ?? {});
  });

  it("writes no secret in clear", () => {
    const all = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const f of all(out)) expect(fs.readFileSync(f, "utf8"), f).not.toContain("mock-password-");
  });
});
