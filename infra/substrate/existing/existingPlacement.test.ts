import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadStackConfig } from "../../config/stackFiles";
import { evaluateProgram, type EvaluatedResource } from "../../plan/evaluate";

/*
 * existing.placement on the `local` stack (kine-postgres), evaluated under the
 * Pulumi mocks with the real platform and fleet builders: `pools` puts each
 * workload on its pool's nodes as ARCHITECTURE "Placement by pools" says
 * (label hcpbench.io/pool=<pool>, and a toleration of the pool's NoSchedule
 * taint on every pool but hcp); `none` pins nothing.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-placement-"));
const kubeconfigFile = path.join(dir, "kubeconfig");
fs.writeFileSync(
  kubeconfigFile,
  stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "hcpbench-local", cluster: { server: "https://127.0.0.1:40000" } }],
    contexts: [{ name: "hcpbench-local", context: { cluster: "hcpbench-local", user: "u" } }],
    "current-context": "hcpbench-local",
    users: [{ name: "u", user: { token: "t" } }],
  }),
);
afterAll(() => fs.rmSync(dir, { recursive: true }));

async function local(placement?: string): Promise<EvaluatedResource[]> {
  const overrides = [`existing.kubeconfig=${kubeconfigFile}`, ...(placement ? [`existing.placement=${placement}`] : [])];
  return (await evaluateProgram(loadStackConfig("local", { overrides }), "local")).resources;
}

type PodSpec = { nodeSelector?: Record<string, string>; tolerations?: Record<string, string>[] };
const podSpec = (r: EvaluatedResource) => (r.inputs.spec as { template: { spec: PodSpec } }).template.spec;
const workloads = (rs: EvaluatedResource[]) => rs.filter((r) => ["kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:Job"].includes(r.type));

describe("existing.placement", () => {
  it("pools: the PostgreSQL StatefulSet asks for db-postgres nodes and tolerates their taint; the HCPs are patched onto hcp", async () => {
    const rs = await local("pools");
    const postgres = rs.filter((r) => r.type === "kubernetes:apps/v1:StatefulSet" && r.name.endsWith("/postgres"));
    expect(postgres).toHaveLength(1);
    expect(podSpec(postgres[0]).nodeSelector).toEqual({ "hcpbench.io/pool": "db-postgres" });
    expect(podSpec(postgres[0]).tolerations).toEqual([{ key: "hcpbench.io/pool", operator: "Equal", value: "db-postgres", effect: "NoSchedule" }]);
    const clusters = rs.filter((r) => r.type === "kubernetes:k0smotron.io/v1beta2:Cluster");
    expect(clusters).toHaveLength(3);
    for (const c of clusters) {
      const patches = (c.inputs.spec as { patches?: { patch: { content: string } }[] }).patches ?? [];
      expect(patches.map((p) => JSON.parse(p.patch.content).spec.template.spec.nodeSelector)).toContainEqual({ "hcpbench.io/pool": "hcp" });
    }
    // The rest (operators, the init and bench Jobs) on the control pool, tolerating its taint.
    for (const w of workloads(rs).filter((r) => r !== postgres[0])) {
      expect(podSpec(w).nodeSelector, w.name).toEqual({ "hcpbench.io/pool": "control" });
      expect(podSpec(w).tolerations, w.name).toContainEqual({ key: "hcpbench.io/pool", operator: "Equal", value: "control", effect: "NoSchedule" });
    }
  });

  it("none (the default): no workload is pinned or tolerates a pool taint, and the HCPs carry no placement patch", async () => {
    const rs = await local();
    expect(workloads(rs).length).toBeGreaterThanOrEqual(4);
    for (const w of workloads(rs)) {
      expect(podSpec(w).nodeSelector ?? {}, w.name).not.toHaveProperty("hcpbench.io/pool");
      expect((podSpec(w).tolerations ?? []).filter((t) => t.key === "hcpbench.io/pool"), w.name).toEqual([]);
    }
    for (const c of rs.filter((r) => r.type === "kubernetes:k0smotron.io/v1beta2:Cluster")) expect((c.inputs.spec as { patches?: unknown }).patches).toBeUndefined();
  });

  it("another value is refused, naming the setting and what is allowed", async () => {
    await expect(local("nodes")).rejects.toThrow("hcpbench:existing.placement: must be one of none, pools (got \"nodes\")");
  });
});
