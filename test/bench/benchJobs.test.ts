import * as crypto from "node:crypto";
import * as zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../infra/config/schema";
import { loadStackConfig } from "../../infra/config/stackFiles";
import { evaluateProgram, SECRET_PLACEHOLDER, type Evaluation, type PlannedResource } from "../../infra/plan/evaluate";
import { parseBenchJobSpec, type BenchJobSpec } from "../../workloads/loadgen/job/benchJobSpec";
import { defaultFollowGraceS } from "../../scripts/automation/benchJobFollower";
import { registrationOptions, type Registration } from "../mocks/registrationOptions";

/** One evaluated stack, with the bench layer's resources picked out. */
interface Evaluated {
  readonly stack: string;
  readonly cfg: Config;
  readonly ev: Evaluation;
  readonly bench: PlannedResource[];
  readonly options: Map<string, Registration>;
}

async function evaluate(stack: string, overrides: string[] = []): Promise<Evaluated> {
  const cfg = loadStackConfig(stack, { overrides });
  const ev = await evaluateProgram(cfg, stack);
  const bench = ev.resources.filter((r) => r.parents.includes("hcpbench:bench:Bench"));
  return { stack, cfg, ev, bench, options: registrationOptions(ev) };
}

const one = (e: Evaluated, type: string, pred: (r: PlannedResource) => boolean = () => true) => {
  const found = e.bench.filter((r) => r.type === type && pred(r));
  expect(found, `${e.stack}: one ${type}`).toHaveLength(1);
  return found[0];
};
const meta = (r: PlannedResource) => r.inputs.metadata as { name: string; namespace?: string; annotations?: Record<string, string> };
const job = (e: Evaluated) => one(e, "kubernetes:batch/v1:Job");
const podSpec = (e: Evaluated) => (job(e).inputs.spec as any).template.spec;
const container = (e: Evaluated) => podSpec(e).containers[0];
const env = (e: Evaluated) => Object.fromEntries((container(e).env as { name: string; value?: string; valueFrom?: unknown }[]).map((v) => [v.name, v.value ?? v.valueFrom]));
const matrixOf = (e: Evaluated): BenchJobSpec => {
  const cm = one(e, "kubernetes:core/v1:ConfigMap", (r) => meta(r).name.endsWith("-matrix"));
  return parseBenchJobSpec((cm.inputs.data as Record<string, string>)["matrix.json"]);
};
const hcpResources = (e: Evaluated) => e.ev.resources.filter((r) => r.type === "kubernetes:k0smotron.io/v1beta2:Cluster" || r.type === "kubernetes:kamaji.clastix.io/v1alpha1:TenantControlPlane");

// Both operators on AWS, with per-HCP, in-pod, one and two shared datastores, and the existing substrate.
const awsStacks = ["etcd-10", "kamaji-etcd-50", "kine-sqlite-100", "t4-standalone-10"];
const evaluated = new Map<string, Evaluated>();

/**
 * Worked by hand, not read from the program. Deadline (pointBudget's rule): a create-list point is 6 phases x 300 s
 * + 120 s = 1,920 s, a watch-churn point 4 x 300 + 120 = 1,320 s, a light point 1,920 s; plus 300 s for the Job.
 * The default matrix (4 concurrency levels x 3 runs): 12 x 1,920 + 12 x 1,320 + 300 = 39,180 s; "local" runs
 * light at one level once: 1,920 + 300 = 2,220 s. HCPs are hcp-001... The bench targets the first HCP, whose
 * kubeconfig Secret is named as each operator names it: k0smotron (Cluster API) `<cluster>-kubeconfig`, Kamaji
 * `<tcp>-admin-kubeconfig`. PodMetrics are read where the HCPs run (hcpbench-fleet) and where the backend's shared
 * datastores run: hcpbench-data (PostgreSQL, MinIO, T4), kamaji-system (kamaji-etcd); etcd and SQLite have none.
 */
const handWorked: Record<string, { deadline: number; hcps: number; kubeconfigSecret: string; metricsNamespaces: string[] }> = {
  "etcd-10": { deadline: 39_180, hcps: 10, kubeconfigSecret: "hcp-001-kubeconfig", metricsNamespaces: ["hcpbench-fleet"] },
  "kamaji-etcd-50": { deadline: 39_180, hcps: 50, kubeconfigSecret: "hcp-001-admin-kubeconfig", metricsNamespaces: ["hcpbench-fleet", "kamaji-system"] },
  "kine-sqlite-100": { deadline: 39_180, hcps: 100, kubeconfigSecret: "hcp-001-kubeconfig", metricsNamespaces: ["hcpbench-fleet"] },
  "t4-standalone-10": { deadline: 39_180, hcps: 10, kubeconfigSecret: "hcp-001-kubeconfig", metricsNamespaces: ["hcpbench-data", "hcpbench-fleet"] },
  local: { deadline: 2220, hcps: 3, kubeconfigSecret: "hcp-001-kubeconfig", metricsNamespaces: ["hcpbench-data", "hcpbench-fleet"] },
};

beforeAll(async () => {
  for (const stack of [...awsStacks, "local"]) evaluated.set(stack, await evaluate(stack));
}, 240_000);

describe.each([...awsStacks, "local"])("bench Job of stack %s", (stack) => {
  const e = () => evaluated.get(stack)!;

  it("matches the hand-worked deadline, HCP list, kubeconfig Secret and sampled namespaces", () => {
    const want = handWorked[stack];
    expect((job(e()).inputs.spec as { activeDeadlineSeconds: number }).activeDeadlineSeconds).toBe(want.deadline);
    const m = matrixOf(e());
    expect(m.hcps.map((h) => h.name)).toEqual(Array.from({ length: want.hcps }, (_, i) => `hcp-${String(i + 1).padStart(3, "0")}`));
    const roles = e().bench.filter((r) => r.type === "kubernetes:rbac.authorization.k8s.io/v1:Role");
    expect(roles.flatMap((r) => (r.inputs.rules as { resourceNames?: string[] }[]).flatMap((rule) => rule.resourceNames ?? []))).toEqual([want.kubeconfigSecret]);
    const metricsNamespaces = roles.filter((r) => (r.inputs.rules as { apiGroups: string[] }[]).some((rule) => rule.apiGroups.includes("metrics.k8s.io"))).map((r) => meta(r).namespace);
    expect(metricsNamespaces.sort()).toEqual(want.metricsNamespaces);
  });

  it("is one Job named by the run token, under hcpbench:bench:Bench, in the bench namespace", () => {
    expect(meta(job(e()))).toMatchObject({ name: expect.stringMatching(new RegExp(`^bench-${e().cfg.bench.runToken}-[0-9a-f]{10}$`)), namespace: "hcpbench-bench" });
    expect(e().ev.outputs.benchJobs).toEqual([meta(job(e())).name]);
    expect(one(e(), "kubernetes:core/v1:Namespace").inputs.metadata).toMatchObject({ name: "hcpbench-bench" });
    for (const r of e().bench) expect(r.parents[r.parents.length - 1], `${r.type} ${r.name}`).toBe("hcpbench:bench:Bench");
  });

  it("runs a pinned public Node image with resources set and no CPU limit", () => {
    const c = container(e());
    expect(c.image).toMatch(/^docker\.io\/library\/node:\d+\.\d+\.\d+-bookworm-slim$/);
    expect(c.image).not.toMatch(/latest/);
    expect(c.resources.requests.cpu).toBeDefined();
    expect(c.resources.requests.memory).toBeDefined();
    expect(c.resources.limits.memory).toBeDefined();
    expect(c.resources.limits.cpu).toBeUndefined();
    expect(env(e()).NODE_OPTIONS).toMatch(/^--max-old-space-size=\d+$/);
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(podSpec(e()).securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
  });

  it("never retries, and its deadline covers every point of the matrix at its full budget", () => {
    const spec = job(e()).inputs.spec as { backoffLimit: number; activeDeadlineSeconds: number };
    const m = matrixOf(e());
    const { profiles, concurrency, runs } = e().cfg.bench;
    expect(m).toMatchObject({ profiles, concurrency, runs, ops: e().cfg.bench.ops, warmup: e().cfg.bench.warmup, watchers: e().cfg.bench.watchers });
    const allPoints = profiles.reduce((s, p) => s + concurrency.length * runs * m.pointTimeoutSeconds[p]!, 0);
    expect(spec.backoffLimit).toBe(0);
    expect(spec.activeDeadlineSeconds).toBeGreaterThan(allPoints);
    expect(spec.activeDeadlineSeconds).toBeLessThanOrEqual(allPoints + 3600);
    // Each point's budget holds all its phases at the phase timeout.
    for (const p of profiles) expect(m.pointTimeoutSeconds[p]).toBeGreaterThan(m.phaseTimeoutSeconds);
    // Pulumi does not wait for the Job; run and sweep follow it past its deadline for longer than SIGTERM leaves the pod to upload.
    expect(defaultFollowGraceS).toBeGreaterThan(podSpec(e()).terminationGracePeriodSeconds);
    expect(podSpec(e()).terminationGracePeriodSeconds).toBeGreaterThanOrEqual(60);
  });

  it("is told where results go: bucket, prefix, sweep and stack", () => {
    const results = e().ev.outputs.results as Record<string, string>;
    expect(env(e())).toMatchObject({
      HCPBENCH_RESULTS_BUCKET: results.bucket,
      HCPBENCH_RESULTS_PREFIX: results.prefix,
      HCPBENCH_SWEEP_ID: e().cfg.results.sweepId,
      HCPBENCH_STACK: stack,
      HCPBENCH_RUN_TOKEN: e().cfg.bench.runToken,
      AWS_REGION: results.region,
    });
  });

  it("may read only the targeted HCP's kubeconfig Secret, and PodMetrics where it samples", () => {
    const m = matrixOf(e());
    const roles = e().bench.filter((r) => r.type === "kubernetes:rbac.authorization.k8s.io/v1:Role");
    const secretRole = roles.find((r) => (r.inputs.rules as any[]).some((rule) => rule.resources.includes("secrets")))!;
    expect(meta(secretRole).namespace).toBe("hcpbench-fleet");
    expect(secretRole.inputs.rules).toEqual([{ apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: [m.hcps[0].kubeconfigSecret.name] }]);
    const metricsNamespaces = roles.filter((r) => r !== secretRole).map((r) => meta(r).namespace).sort();
    const sampled = [m.sampling.hcp.namespace, ...m.sampling.storage.map((g) => g.namespace)];
    expect(metricsNamespaces).toEqual([...new Set(sampled)].sort());
    for (const r of roles.filter((x) => x !== secretRole)) expect(r.inputs.rules).toEqual([{ apiGroups: ["metrics.k8s.io"], resources: ["pods"], verbs: ["get", "list"] }]);
    // Every Role is bound to the bench service account, and only to it.
    const bindings = e().bench.filter((r) => r.type === "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding");
    expect(bindings.map((b) => `${meta(b).namespace}/${(b.inputs.roleRef as any).name}`).sort()).toEqual(roles.map((r) => `${meta(r).namespace}/${meta(r).name}`).sort());
    for (const b of bindings) expect(b.inputs.subjects).toEqual([{ kind: "ServiceAccount", name: "hcpbench-bench", namespace: "hcpbench-bench" }]);
    expect(e().bench.some((r) => r.type.includes("ClusterRole"))).toBe(false);
  });

  it("samples storage pods by the same labels the platform's PodMonitors select them with", () => {
    const monitors = e().ev.resources.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PodMonitor");
    const selectors = new Set(monitors.map((r) => `${meta(r).namespace} ${Object.entries((r.inputs.spec as any).selector.matchLabels).map(([k, v]) => `${k}=${v}`).sort().join(",")}`));
    for (const g of matrixOf(e()).sampling.storage.filter((x) => x.namespace !== "hcpbench-fleet")) {
      // NATS' PodMonitor comes from its own chart, not from the platform's objects.
      if (g.labelSelector === "app.kubernetes.io/name=nats") continue;
      expect(selectors, g.labelSelector).toContain(`${g.namespace} ${g.labelSelector!.split(",").sort().join(",")}`);
    }
  });

  it("lists the fleet's HCPs with their in-cluster URL and kubeconfig Secret", () => {
    const m = matrixOf(e());
    expect(m.hcps).toHaveLength(e().cfg.fleet.count);
    expect(m.hcps.map((h) => h.name)).toEqual(hcpResources(e()).map((r) => meta(r).name));
    for (const h of m.hcps) expect(h.apiServerUrl).toMatch(new RegExp(`^https://[a-z0-9-]+\\.${h.namespace}\\.svc:\\d+$`));
    expect(m.backend).toBe(e().cfg.fleet.backend);
  });

  it("starts only when every HCP is Ready, after its RBAC, code and matrix", () => {
    const deps = e().options.get(`kubernetes:batch/v1:Job::${job(e()).name}`)!.dependsOn;
    const hcps = hcpResources(e());
    expect(hcps.length).toBe(e().cfg.fleet.count);
    for (const h of hcps) expect(deps).toContain(`${h.type}::${h.name}`);
    for (const r of e().bench.filter((x) => x.type !== "kubernetes:batch/v1:Job")) expect(deps, r.name).toContain(`${r.type}::${r.name}`);
  });

  it("mounts the bundled load generator it was built with", () => {
    const cm = one(e(), "kubernetes:core/v1:ConfigMap", (r) => meta(r).name.startsWith("hcpbench-loadgen-"));
    const files = { ...(cm.inputs.data as Record<string, string> | undefined), ...(cm.inputs.binaryData as Record<string, string> | undefined) };
    const [[file, body]] = Object.entries(files);
    const js = file.endsWith(".gz") ? zlib.gunzipSync(Buffer.from(body, "base64")) : Buffer.from(body, "utf8");
    expect(crypto.createHash("sha256").update(js).digest("hex")).toBe(meta(cm).annotations!["hcpbench.io/sha256"]);
    expect(Buffer.byteLength(body, file.endsWith(".gz") ? "base64" : "utf8")).toBeLessThan(1024 * 1024);
    expect(cm.inputs.immutable).toBe(true);
    expect(container(e()).command.join(" ")).toContain(`/opt/hcpbench/${file}`);
    expect(podSpec(e()).volumes).toContainEqual({ name: "code", configMap: { name: meta(cm).name } });
  });
});

describe.each(awsStacks)("on AWS (%s)", (stack) => {
  const e = () => evaluated.get(stack)!;

  it("writes with IRSA: the service account names the role, and there are no static keys", () => {
    const sa = one(e(), "kubernetes:core/v1:ServiceAccount");
    expect(meta(sa)).toMatchObject({ name: "hcpbench-bench", namespace: "hcpbench-bench" });
    expect(meta(sa).annotations!["eks.amazonaws.com/role-arn"]).toMatch(/^arn:aws:iam:[^:]*:\d{12}:role\//);
    expect(podSpec(e()).serviceAccountName).toBe("hcpbench-bench");
    expect(e().bench.some((r) => r.type === "kubernetes:core/v1:Secret")).toBe(false);
    expect(env(e()).AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(env(e()).HCPBENCH_S3_ENDPOINT).toBeUndefined();
  });

  it("runs on the control pool", () => {
    expect(podSpec(e()).nodeSelector).toEqual({ "hcpbench.io/pool": "control" });
    expect(podSpec(e()).tolerations).toContainEqual(expect.objectContaining({ key: "hcpbench.io/pool", value: "control", effect: "NoSchedule" }));
  });
});

describe("on the existing substrate (local)", () => {
  const e = () => evaluated.get("local")!;

  it("writes to MinIO with its keys from a Secret, never in plain text", () => {
    const secret = one(e(), "kubernetes:core/v1:Secret");
    expect(meta(secret)).toMatchObject({ name: "hcpbench-results-credentials", namespace: "hcpbench-bench" });
    // The keys are generated secrets: redacted in the plan, whole or key by key, and nowhere else in the bench.
    expect([SECRET_PLACEHOLDER, { AWS_ACCESS_KEY_ID: SECRET_PLACEHOLDER, AWS_SECRET_ACCESS_KEY: SECRET_PLACEHOLDER }]).toContainEqual(secret.inputs.stringData);
    expect(JSON.stringify(e().bench)).not.toMatch(/mock-password/);
    const vars = env(e());
    expect(vars.AWS_ACCESS_KEY_ID).toEqual({ secretKeyRef: { name: "hcpbench-results-credentials", key: "AWS_ACCESS_KEY_ID" } });
    expect(vars.AWS_SECRET_ACCESS_KEY).toEqual({ secretKeyRef: { name: "hcpbench-results-credentials", key: "AWS_SECRET_ACCESS_KEY" } });
    expect(vars.HCPBENCH_S3_ENDPOINT).toBe((e().ev.outputs.results as Record<string, string>).endpoint);
    expect(vars.HCPBENCH_S3_ENDPOINT).toMatch(/^http:\/\/minio\./);
    expect(meta(one(e(), "kubernetes:core/v1:ServiceAccount")).annotations ?? {}).not.toHaveProperty("eks.amazonaws.com/role-arn");
  });
});

describe("matrix-dependent choices", () => {
  it("reads every HCP's kubeconfig only when a mixed-* profile spreads load over the fleet", async () => {
    const e = await evaluate("kamaji-etcd-10", ["bench.profiles=[mixed-hot]"]);
    const role = e.bench.find((r) => r.type === "kubernetes:rbac.authorization.k8s.io/v1:Role" && (r.inputs.rules as any[])[0].resources.includes("secrets"))!;
    const names = matrixOf(e).hcps.map((h) => h.kubeconfigSecret.name).sort();
    expect(names).toHaveLength(10);
    expect((role.inputs.rules as any[])[0].resourceNames).toEqual(names);
  });

  it("a changed matrix changes the Job's pod template and name, so Pulumi runs a new Job", async () => {
    const e = await evaluate("etcd-10", ["bench.ops=20000"]);
    const sha = (x: Evaluated) => (job(x).inputs.spec as any).template.metadata.annotations["hcpbench.io/matrix-sha256"];
    const cm = one(e, "kubernetes:core/v1:ConfigMap", (r) => meta(r).name.endsWith("-matrix"));
    expect(sha(e)).toBe(crypto.createHash("sha256").update((cm.inputs.data as Record<string, string>)["matrix.json"]).digest("hex"));
    expect(sha(e)).not.toBe(sha(evaluated.get("etcd-10")!));
    expect(meta(job(e)).name).not.toBe(meta(job(evaluated.get("etcd-10")!)).name);
  });

  it("a new run token is a new Job and matrix; the code ConfigMap stays", async () => {
    const e = await evaluate("etcd-10", ["bench.runToken=again-2"]);
    expect(meta(job(e)).name).toMatch(/^bench-again-2-[0-9a-f]{10}$/);
    expect(container(e).command.join(" ")).toContain("/etc/hcpbench/matrix.json");
    expect(podSpec(e).volumes).toContainEqual({ name: "matrix", configMap: { name: "bench-again-2-matrix" } });
    const code = (x: Evaluated) => meta(one(x, "kubernetes:core/v1:ConfigMap", (r) => meta(r).name.startsWith("hcpbench-loadgen-"))).name;
    expect(code(e)).toBe(code(evaluated.get("etcd-10")!));
  });

  it("registers nothing when the bench is disabled", async () => {
    const e = await evaluate("etcd-10", ["bench.enabled=false"]);
    expect(e.bench).toEqual([]);
    expect(e.ev.outputs.benchJobs).toEqual([]);
  });
});
