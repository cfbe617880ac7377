import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadStackConfig, projectRoot } from "../../infra/config/stackFiles";
import { priceTable } from "../../infra/cost/priceTable";
import type { PlanDocument } from "./planDocument";

/*
 * The `hcpbench plan --json` contract (ARCHITECTURE "Interfaces"), read from
 * the real CLI's stdout: exactly one JSON object {stack, config, resources,
 * cost}, every resource with its type token, name, urn, parent, dependsOn and inputs, references as
 * resource ids, Kubernetes objects whole, secrets never in clear.
 */
const stack = "kine-postgres-100";
let doc: PlanDocument;
let run: ReturnType<typeof spawnSync>;

beforeAll(() => {
  run = spawnSync(process.execPath, [path.join(projectRoot, "bin", "hcpbench.js"), "plan", stack, "--json"], {
    cwd: projectRoot,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  doc = JSON.parse(String(run.stdout)) as PlanDocument;
}, 180_000);

describe(`hcpbench plan ${stack} --json`, () => {
  it("exits 0 on its own and prints one JSON object, warnings on stderr only", () => {
    expect(run.status).toBe(0);
    expect(String(run.stdout).trim().startsWith("{")).toBe(true);
    expect(Object.keys(doc)).toEqual(["stack", "config", "resources", "cost"]);
    expect(String(run.stderr)).toMatch(/^hcpbench: warning: hcpbench:aws\.apiAccessCidrs is empty/);
  });

  it("carries the validated config, defaults filled in", () => {
    expect(doc.stack).toBe(stack);
    expect(doc.config).toEqual(JSON.parse(JSON.stringify(loadStackConfig(stack))));
  });

  it("lists every resource with its Pulumi type token, name and inputs, and no grouping component", () => {
    expect(doc.resources.length).toBeGreaterThan(200);
    for (const r of doc.resources) {
      expect(Object.keys(r)).toEqual(["type", "name", "urn", "parent", "dependsOn", "inputs"]);
      expect(r.urn.endsWith(`$${r.type}::${r.name}`) || r.urn.endsWith(`::${r.type}::${r.name}`)).toBe(true);
      expect(r.type).toMatch(/^(pulumi:providers:[a-z0-9-]+|[a-z0-9-]+:[A-Za-z0-9./-]*:[A-Za-z0-9]+)$/);
      expect(r.type.startsWith("hcpbench:")).toBe(false);
      expect(typeof r.name).toBe("string");
      expect(typeof r.inputs === "object" && r.inputs !== null && !Array.isArray(r.inputs)).toBe(true);
    }
    const names = doc.resources.map((r) => `${r.type}::${r.name}`);
    expect(new Set(names).size).toBe(names.length);
    for (const t of ["aws:ec2/subnet:Subnet", "eks:index:ManagedNodeGroup", "eks:index:Cluster", "kubernetes:k0smotron.io/v1beta2:Cluster", "kubernetes:helm.sh/v3:Release"]) {
      expect(doc.resources.some((r) => r.type === t), t).toBe(true);
    }
  });

  it("gives Kubernetes objects whole, as submitted", () => {
    // Every Kubernetes type but the Helm and YAML-group ones is one object.
    const k8s = doc.resources.filter((r) => /^kubernetes:(?!helm\.sh\/|yaml\/)/.test(r.type));
    for (const r of k8s) {
      const [, groupVersion, kind] = r.type.split(":");
      expect(r.inputs.kind).toBe(kind);
      expect(String(r.inputs.apiVersion)).toBe(groupVersion.replace(/^core\//, ""));
      expect(r.inputs.metadata).toBeTypeOf("object");
    }
    const hcps = k8s.filter((r) => r.type === "kubernetes:k0smotron.io/v1beta2:Cluster");
    expect(hcps).toHaveLength(100);
    expect(hcps[0].inputs.spec).toBeTypeOf("object");
  });

  it("shows references as the ids of resources in the same plan", () => {
    const ids = new Set(doc.resources.map((r) => `${r.name}-id`));
    const groups = doc.resources.filter((r) => r.type === "eks:index:ManagedNodeGroup");
    for (const g of groups) {
      expect(g.inputs.cluster).toBe("eks:index:Cluster::eks");
      for (const id of g.inputs.subnetIds as string[]) expect(ids.has(id), id).toBe(true);
      expect(ids.has((g.inputs.launchTemplate as { id: string }).id)).toBe(true);
    }
    for (const sub of doc.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet")) expect(ids.has(String(sub.inputs.vpcId))).toBe(true);
  });

  it("never shows a generated secret", () => {
    expect(String(run.stdout)).not.toContain("mock-password-");
    expect(String(run.stdout)).toContain('"[secret]"');
  });

  it("prices the plan: items that add up, dated prices", () => {
    const { cost } = doc;
    expect(cost.pricesAsOf).toBe(priceTable.asOf);
    expect(cost.items.length).toBeGreaterThan(5);
    for (const i of cost.items) {
      expect(Object.keys(i)).toEqual(["item", "quantity", "unit", "unitUsd", "hourlyUsd"]);
      expect([typeof i.item, typeof i.quantity, typeof i.unit, typeof i.unitUsd, typeof i.hourlyUsd]).toEqual(["string", "number", "string", "number", "number"]);
    }
    expect(cost.hourlyUsd).toBeCloseTo(cost.items.reduce((s, i) => s + i.hourlyUsd, 0), 9);
    expect(cost.items.find((i) => i.item === "EC2 r6i.xlarge (pool db-postgres)")).toMatchObject({ quantity: 1, unitUsd: priceTable.regions["us-east-1"].ec2Hourly["r6i.xlarge"] });
  });
});
