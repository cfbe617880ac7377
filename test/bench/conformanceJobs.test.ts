import { beforeAll, describe, expect, it } from "vitest";
import { loadStackConfig } from "../../infra/config/stackFiles";
import { evaluateProgram, type Evaluation, type PlannedResource } from "../../infra/plan/evaluate";
import { registrationOptions } from "../mocks/registrationOptions";

/*
 * The per-HCP conformance Jobs as the program registers them, under the
 * Pulumi mock engine (infra/plan/evaluate): what AWS would receive.
 */
const meta = (r: PlannedResource) => r.inputs.metadata as { name: string; namespace?: string; annotations?: Record<string, string> };
let on: Evaluation;
let off: Evaluation;
let conf: PlannedResource[];
let hcpNames: string[];
const stack = "etcd-10";

beforeAll(async () => {
  const cfg = loadStackConfig(stack, { overrides: ["bench.conformance=true"] });
  on = await evaluateProgram(cfg, stack);
  off = await evaluateProgram(loadStackConfig(stack), stack);
  conf = on.resources.filter((r) => r.parents.includes("hcpbench:conformance:Conformance"));
  hcpNames = (on.outputs.hcps as { name: string }[]).map((h) => h.name);
}, 240_000);

const jobs = () => conf.filter((r) => r.type === "kubernetes:batch/v1:Job");
const pod = (j: PlannedResource) => (j.inputs.spec as any).template.spec;
const byName = (j: PlannedResource, name: string) => [...pod(j).initContainers, ...pod(j).containers].find((c: { name: string }) => c.name === name);
const envOf = (c: { env: { name: string; value?: string }[] }) => Object.fromEntries(c.env.map((e) => [e.name, e.value]));

describe("conformance Jobs (bench.conformance: true)", () => {
  it("are off by default, and then one Job per HCP in the bench namespace", () => {
    expect(off.resources.filter((r) => r.parents.includes("hcpbench:conformance:Conformance"))).toEqual([]);
    expect(off.outputs.conformanceJobs).toEqual([]);
    expect(hcpNames).toHaveLength(10);
    expect(jobs().map((j) => meta(j).name).sort()).toEqual(hcpNames.map((h) => `conformance-${h}-initial`).sort());
    expect(on.outputs.conformanceJobs).toEqual(hcpNames.map((h) => `conformance-${h}-initial`));
    for (const j of jobs()) expect(meta(j).namespace).toBe("hcpbench-bench");
  });

  it("run the public conformance image of the fleet's exact Kubernetes version, focused and skipped as the CLI does", () => {
    const version = loadStackConfig(stack).fleet.kubernetesVersion.replace(/^v/, "");
    for (const j of jobs()) {
      const c = byName(j, "conformance");
      expect(c.image).toBe(`registry.k8s.io/conformance:v${version}`);
      const env = envOf(c);
      expect(env.E2E_FOCUS).toBe("sig-api-machinery");
      // kine's CI skips first, then the repository's skip list (its webhook entry as one sample).
      expect(env.E2E_SKIP!.startsWith("StorageVersionAPI|Slow|Flaky|Feature:OffByDefault|100 namespaces in 150 seconds|")).toBe(true);
      expect(env.E2E_SKIP).toContain("\\[sig-api-machinery\\] AdmissionWebhook ");
      expect(env.E2E_EXTRA_ARGS!.split(" ")).toEqual(["--allowed-not-ready-nodes=-1", "--num-nodes=0"]);
      expect(env.RESULTS_DIR).toBe("/results");
      for (const x of [...pod(j).initContainers, ...pod(j).containers]) expect(x.image, x.name).not.toMatch(/:latest$|^[^:]+$/);
    }
  });

  it("run on the control pool, never retry, have a deadline, and do not hold pulumi up on failing tests", () => {
    for (const j of jobs()) {
      const spec = j.inputs.spec as { backoffLimit: number; activeDeadlineSeconds: number };
      expect(spec.backoffLimit).toBe(0);
      expect(spec.activeDeadlineSeconds).toBe(7200);
      expect(pod(j).nodeSelector).toEqual({ "hcpbench.io/pool": "control" });
      expect(meta(j).annotations?.["pulumi.com/skipAwait"]).toBe("true");
      expect(pod(j).securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      for (const x of [...pod(j).initContainers, ...pod(j).containers]) expect(x.securityContext, x.name).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    }
  });

  it("may read exactly the HCPs' kubeconfig Secrets and nothing else", () => {
    const roles = conf.filter((r) => r.type === "kubernetes:rbac.authorization.k8s.io/v1:Role");
    expect(roles).toHaveLength(1);
    const rules = roles[0]!.inputs.rules as { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames: string[] }[];
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ apiGroups: [""], resources: ["secrets"], verbs: ["get"] });
    expect(rules[0]!.resourceNames).toHaveLength(10);
    const bindings = conf.filter((r) => r.type === "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding");
    expect(bindings.map((b) => b.inputs.subjects)).toEqual([[{ kind: "ServiceAccount", name: "hcpbench-bench", namespace: "hcpbench-bench" }]]);
    for (const j of jobs()) expect(pod(j).serviceAccountName).toBe("hcpbench-bench");
  });

  it("upload to <prefix>/<sweepId>/<stack>/conformance/<hcp>/ after the runner's done file, with conformance.json beside the JUnit XML", () => {
    const cfg = loadStackConfig(stack, { overrides: ["bench.conformance=true"] });
    for (const j of jobs()) {
      const script = byName(j, "upload").command.join(" ");
      const hcp = meta(j).name.replace(/^conformance-/, "").replace(/-initial$/, "");
      expect(script).toContain("until [ -f /results/done ]");
      expect(script).toContain(`s3://\${RESULTS_BUCKET}/results/${cfg.results.sweepId}/${stack}/conformance/${hcp}/`);
      const cm = conf.find((r) => r.type === "kubernetes:core/v1:ConfigMap" && meta(r).name === `${meta(j).name}-result`)!;
      const doc = JSON.parse((cm.inputs.data as Record<string, string>)["conformance.json"]!);
      expect(doc).toMatchObject({ schemaVersion: 1, storageName: "etcd", focus: "sig-api-machinery", junit: "junit_01.xml" });
    }
  });

  it("start after the bench Job (the suite never runs under load)", () => {
    const opts = registrationOptions(on);
    const benchJob = on.resources.find((r) => r.type === "kubernetes:batch/v1:Job" && r.parents.includes("hcpbench:bench:Bench"))!;
    for (const j of jobs()) expect(opts.get(`kubernetes:batch/v1:Job::${j.name}`)!.dependsOn, meta(j).name).toContain(`kubernetes:batch/v1:Job::${benchJob.name}`);
  });
});
