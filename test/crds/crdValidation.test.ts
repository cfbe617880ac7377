import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { listStacks, loadStackConfig } from "../../infra/config/stackFiles";
import { evaluateProgram, type PlannedResource } from "../../infra/plan/evaluate";
import { k0sConfigKey } from "../../workloads/fleet/externalEtcdK0sConfig";
import { CrdValidator, fixtureCrdDir, loadCrds, validateAgainst } from "./structuralSchema";

/**
 * Every custom resource `hcpbench plan` would submit, for every stack, checked
 * against the upstream CRD of the version it names (test/fixtures/crds):
 * k0smotron v2.1.0, Kamaji 26.8.2-edge, and k0s v1.36's ClusterConfig for the
 * k0s configuration the HCPs carry.
 */
const crds = loadCrds(
  ["k0smotron.io_clusters.yaml", "k0smotron.io_jointokenrequests.yaml", "kamaji.clastix.io_tenantcontrolplanes.yaml", "kamaji.clastix.io_datastores.yaml", "kamaji.clastix.io_kubeconfiggenerators.yaml"].map(
    (f) => path.join(fixtureCrdDir, f),
  ),
);
const validator = new CrdValidator(crds);
const k0sClusterConfig = loadCrds([path.join(fixtureCrdDir, "k0s.k0sproject.io_clusterconfigs.yaml")]).find((c) => c.version === "v1beta1")!.schema;

/** `kubernetes:<group>/<version>:<Kind>` of a resource whose group has an upstream CRD here. */
function customResource(r: PlannedResource): { apiVersion: string; kind: string } | undefined {
  const m = /^kubernetes:([^:]+):(.+)$/.exec(r.type);
  if (!m || !m[1].includes(".") || !validator.knows(m[1], m[2])) return undefined;
  return { apiVersion: m[1], kind: m[2] };
}

/** The k0s configurations an HCP carries: spec.k0sConfig, and a complete replacement in a cluster-config patch (t4-standalone). */
function k0sConfigs(spec: Record<string, unknown>): unknown[] {
  const out: unknown[] = spec.k0sConfig ? [spec.k0sConfig] : [];
  for (const p of (spec.patches ?? []) as { target: { kind: string; component: string }; patch: { content: string } }[]) {
    if (p.target.kind === "ConfigMap" && p.target.component === "cluster-config") {
      out.push(parseYaml((JSON.parse(p.patch.content) as { data: Record<string, string> }).data[k0sConfigKey]));
    }
  }
  return out;
}

describe.each(listStacks())("stack %s", (stack) => {
  it("every custom resource validates against its upstream CRD, with nothing the API server would prune", async () => {
    const ev = await evaluateProgram(loadStackConfig(stack), stack);
    const problems: string[] = [];
    let checked = 0;
    let hcps = 0;
    for (const r of ev.resources) {
      const cr = customResource(r);
      if (!cr) continue;
      checked++;
      const result = validator.validate(r.inputs);
      problems.push(...result.errors.map((e) => `${cr.kind} ${r.name}: ${e}`));
      if (cr.kind === "Cluster" || cr.kind === "TenantControlPlane") hcps++;
      if (cr.kind === "Cluster") {
        for (const cfg of k0sConfigs(r.inputs.spec as Record<string, unknown>)) {
          problems.push(...validateAgainst(k0sClusterConfig, cfg).errors.map((e) => `${r.name} k0s config: ${e}`));
        }
      }
    }
    expect(problems).toEqual([]);
    expect(hcps).toBe(loadStackConfig(stack).fleet.count);
    expect(checked).toBeGreaterThanOrEqual(hcps);
  });
});

describe("the validator catches what the API server would refuse", () => {
  it("a misspelt field in an HCP", () => {
    const r = validator.validate({
      apiVersion: "kamaji.clastix.io/v1alpha1",
      kind: "TenantControlPlane",
      metadata: { name: "hcp-001", namespace: "hcpbench-fleet" },
      spec: { controlPlane: { service: { serviceType: "ClusterIP" }, deployment: { replica: 1 } }, kubernetes: { version: "v1.33.4", kubelet: {} } },
    });
    expect(r.errors).toEqual(["/spec/controlPlane/deployment: must NOT have additional properties (replica)"]);
  });

  it("a k0s config with a storage type k0s does not know", () => {
    const r = validateAgainst(k0sClusterConfig, { apiVersion: "k0s.k0sproject.io/v1beta1", kind: "ClusterConfig", spec: { storage: { type: "t4" } } });
    expect(r.ok).toBe(false);
  });
});
