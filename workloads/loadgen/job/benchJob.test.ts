import * as v8 from "node:v8";
import * as vm from "node:vm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeManagementCluster, type FakeManagementCluster } from "../../../test/bench/fakeManagementCluster";
import { startLocalS3, type LocalS3 } from "../../../test/bench/s3Server";
import { errorClasses, resultSchemaVersion, type LoadgenResult, type StepResult } from "../loadgenResult";
import type { KubernetesTarget, LoadgenOptions } from "../loadgenOptions";
import { kubeconfigCredentials } from "../../samplers/kubeconfigCredentials";
import { managementApi, type ManagementApi } from "../../samplers/managementApi";
import type { PodMetrics } from "../../samplers/podMetrics";
import { exitCodeOf, runBenchJob, type BenchJobDeps, type JobSummary } from "./benchJob";
import type { BenchJobEnv } from "./benchJobEnv";
import type { BenchJobSpec } from "./benchJobSpec";
import { PointStore } from "./pointStore";

const zeroLatency = { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
const step = (planned: number, successes: number): StepResult => ({
  planned,
  successes,
  errors: 0,
  notAttempted: planned - successes,
  skipped: 0,
  errorRate: 0,
  errorsByClass: Object.fromEntries(errorClasses.map((c) => [c, 0])) as StepResult["errorsByClass"],
  firstErrorByClass: {},
  throughputOps: successes,
  activeWindowS: 1,
  latency: { ...zeroLatency, count: successes, p50: 0.004, p99: 0.02, max: 0.05 },
});

/** What the load generator returns, shaped like the real one; `partial` when its signal was aborted. */
function resultFor(opts: LoadgenOptions, partial: boolean, resources?: LoadgenResult["resources"]): LoadgenResult {
  const targets = (Array.isArray(opts.target) ? opts.target : [opts.target]) as KubernetesTarget[];
  const ops = opts.ops ?? 0;
  const done = partial ? Math.floor(ops / 2) : ops;
  return {
    schemaVersion: resultSchemaVersion,
    tool: "hcpbench-loadgen",
    profile: opts.profile,
    timestamp: "2025-06-01T10:00:00.000Z",
    finishedAt: "2025-06-01T10:00:01.000Z",
    runId: opts.labels?.runId ?? String(opts.run),
    storageName: opts.labels?.storageName ?? "",
    hcpCpuLimit: opts.labels?.hcpCpuLimit ?? "",
    hcpMemoryLimit: opts.labels?.hcpMemoryLimit ?? "",
    extraLabels: { ...opts.labels?.extra },
    targets: targets.map((t) => ({ kind: "kubernetes" as const, name: t.name ?? t.server ?? "" })),
    settings: { mode: "closed-loop", ops, concurrency: opts.concurrency ?? 1, warmup: opts.warmup ?? 0, watchers: opts.watchers ?? 0, watchWorkers: 0, requestTimeoutMs: 30_000, phaseTimeoutMs: opts.phaseTimeoutMs ?? 0, watchStallS: 5, namespace: "load-test" },
    partial,
    ...(partial ? { partialReason: "aborted" } : {}),
    steps: { create: step(ops, done) },
    writes: step(ops, done),
    reads: step(0, 0),
    server: [],
    ...(resources ? { resources } : {}),
    client: { cpuUserS: 0.1, cpuSystemS: 0.01, maxRssMiB: 80 },
  };
}

/** A full garbage collection, without starting the test process with --expose-gc. */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
})();

type Behaviour = "complete" | "wait-for-abort" | "throw";

/** A stand-in load generator that drives the sampler as the real one does and records what it was asked. */
function fakeLoadgen(behaviour: (opts: LoadgenOptions, call: number) => Behaviour) {
  const calls: LoadgenOptions[] = [];
  const run = async (opts: LoadgenOptions): Promise<LoadgenResult> => {
    calls.push(opts);
    const what = behaviour(opts, calls.length);
    if (what === "throw") throw new Error("cannot create namespace load-test: connection refused");
    opts.resourceSampler?.start();
    if (what === "wait-for-abort") {
      // Collect garbage while waiting, as a long point does many times: the budget must still fire (nodejs/node#57736).
      const collect = setInterval(collectGarbage, 100);
      await new Promise((r) => (opts.signal!.aborted ? r(undefined) : opts.signal!.addEventListener("abort", r))).finally(() => clearInterval(collect));
    }
    else await new Promise((r) => setTimeout(r, 30));
    const resources = await opts.resourceSampler?.stop();
    return resultFor(opts, what === "wait-for-abort", resources);
  };
  return { calls, run };
}

const hcpKubeconfig = (name: string) => `apiVersion: v1\nkind: Config\ncurrent-context: admin@${name}\nclusters: [{ name: ${name}, cluster: { server: "https://${name}.example:30443" } }]\n`;

const spec: BenchJobSpec = {
  schemaVersion: 1,
  backend: "etcd",
  hcpCpuLimit: "250m",
  hcpMemoryLimit: "512Mi",
  profiles: ["create-list", "mixed-hot"],
  concurrency: [10, 50],
  runs: 1,
  ops: 100,
  warmup: 5,
  watchers: 3,
  phaseTimeoutSeconds: 300,
  pointTimeoutSeconds: { "create-list": 720, "mixed-hot": 720 },
  hcps: ["hcp-000", "hcp-001", "hcp-002"].map((name) => ({
    name,
    namespace: "hcpbench-fleet",
    apiServerUrl: `https://kmc-${name}.hcpbench-fleet.svc:30443`,
    kubeconfigSecret: { name: `${name}-kubeconfig`, key: "value" },
  })),
  sampling: {
    intervalMs: 20,
    hcp: { namespace: "hcpbench-fleet", labelSelector: "app=k0smotron,component=cluster", unitLabel: "cluster" },
    storage: [{ namespace: "hcpbench-fleet", labelSelector: "app=k0smotron,component=etcd", unitLabel: "cluster" }],
  },
};

const pod = (name: string, cluster: string, component: string): PodMetrics => ({
  metadata: { name, namespace: "hcpbench-fleet", labels: { app: "k0smotron", cluster, component } },
  timestamp: "2025-06-01T10:00:00Z",
  window: "15s",
  containers: [{ name: "c", usage: { cpu: component === "etcd" ? "40m" : "120m", memory: component === "etcd" ? "64Mi" : "300Mi" } }],
});

let s3: LocalS3;
let mgmt: FakeManagementCluster;
let api: ManagementApi;
let sweep = 0;
let env: BenchJobEnv;

beforeAll(async () => {
  s3 = await startLocalS3();
  mgmt = await startFakeManagementCluster({
    secrets: Object.fromEntries(spec.hcps.map((h) => [`hcpbench-fleet/${h.kubeconfigSecret.name}`, { value: hcpKubeconfig(h.name) }])),
    // Filters by the selector's cluster= term, as the metrics API would.
    podMetrics: (_ns, selector) => {
      const component = /component=(\w+)/.exec(selector ?? "")?.[1] ?? "cluster";
      const only = /cluster=([\w-]+)/.exec(selector ?? "")?.[1];
      return spec.hcps.filter((h) => !only || h.name === only).map((h) => pod(`kmc-${h.name}-${component}`, h.name, component));
    },
  });
  api = managementApi(kubeconfigCredentials(mgmt.kubeconfig()));
});
afterAll(async () => {
  await api?.close();
  await mgmt?.close();
  await s3?.stop();
});
beforeEach(() => {
  sweep += 1;
  env = { stack: "etcd-10", sweepId: `s${sweep}`, runToken: "initial", results: { bucket: s3.bucket, prefix: "results", region: s3.region, endpoint: s3.endpoint } };
  mgmt.requests.length = 0;
});

function deps(run: BenchJobDeps["runLoadgen"], signal = new AbortController().signal, lines: string[] = []): BenchJobDeps {
  return { api, store: new PointStore(s3.client, s3.bucket), runLoadgen: run, signal, log: (l) => lines.push(l) };
}

const jobJson = async (): Promise<JobSummary> => JSON.parse(await s3.text(`results/${env.sweepId}/etcd-10/job.json`));

describe("the bench Job's run of a matrix", () => {
  it("runs every point one after another and uploads each under <prefix>/<sweep>/<stack>/<profile>/c<n>/run-<r>/", async () => {
    const order: string[] = [];
    let inFlight = 0;
    const lg = fakeLoadgen(() => "complete");
    const run = async (o: LoadgenOptions) => {
      inFlight += 1;
      expect(inFlight).toBe(1);
      order.push(`${o.profile}/c${o.concurrency}`);
      try {
        return await lg.run(o);
      } finally {
        inFlight -= 1;
      }
    };
    const puts: string[] = [];
    s3.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "PutObjectCommand") puts.push((args.input as { Key: string }).Key);
        return next(args);
      },
      { step: "initialize", name: "recordPuts" },
    );
    const summary = await runBenchJob(spec, env, deps(run)).finally(() => s3.client.middlewareStack.remove("recordPuts"));

    // result.json marks a point done (for resume and for the sweep), so it goes last.
    expect(puts.slice(0, 3).map((k) => k.split("/").pop())).toEqual(["perf.csv", "resources.json", "result.json"]);
    expect(puts.at(-1)).toMatch(/job\.json$/);
    expect(order).toEqual(["create-list/c10", "create-list/c50", "mixed-hot/c10", "mixed-hot/c50"]);
    expect(summary.counts).toEqual({ done: 4, skipped: 0, partial: 0, failed: 0, "not-run": 0 });
    expect(exitCodeOf(summary)).toBe(0);
    const base = `results/${env.sweepId}/etcd-10`;
    expect(await s3.keys(`${base}/`)).toEqual(
      [
        ...["create-list/c10", "create-list/c50", "mixed-hot/c10", "mixed-hot/c50"].flatMap((p) => ["perf.csv", "resources.json", "result.json"].map((f) => `${base}/${p}/run-1/${f}`)),
        `${base}/job.json`,
      ].sort(),
    );
    const result = JSON.parse(await s3.text(`${base}/create-list/c10/run-1/result.json`)) as LoadgenResult;
    expect(result).toMatchObject({ partial: false, storageName: "etcd", hcpCpuLimit: "250m", hcpMemoryLimit: "512Mi", runId: "1", extraLabels: { stack: "etcd-10", sweepId: env.sweepId, runToken: "initial" } });
    expect(await s3.metadata(`${base}/create-list/c10/run-1/result.json`)).toEqual({ "hcpbench-partial": "false" });
    expect((await s3.text(`${base}/create-list/c10/run-1/perf.csv`)).split("\n")[0]).toMatch(/^timestamp,storage_name,profile,concurrency/);
    expect(await jobJson()).toMatchObject({ stack: "etcd-10", sweepId: env.sweepId, runToken: "initial", backend: "etcd", interrupted: false, counts: summary.counts });
  });

  it("targets the first HCP's in-cluster Service with its own kubeconfig, or the whole fleet for mixed-*", async () => {
    const lg = fakeLoadgen(() => "complete");
    await runBenchJob({ ...spec, concurrency: [10] }, env, deps(lg.run));
    const [single, fleet] = lg.calls;
    expect(single.target).toEqual({ kind: "kubernetes", kubeconfig: hcpKubeconfig("hcp-000"), server: "https://kmc-hcp-000.hcpbench-fleet.svc:30443", name: "hcp-000" });
    expect((fleet.target as KubernetesTarget[]).map((t) => [t.name, t.server, t.kubeconfig])).toEqual(
      spec.hcps.map((h) => [h.name, h.apiServerUrl, hcpKubeconfig(h.name)]),
    );
    expect(single).toMatchObject({ profile: "create-list", ops: 100, concurrency: 10, warmup: 5, watchers: 3, run: 1, phaseTimeoutMs: 300_000 });
    // Each Secret is read once per Job, with the service account's token, and nothing else is read.
    const secretReads = mgmt.requests.filter((r) => r.url.startsWith("/api/v1/"));
    expect(secretReads.map((r) => r.url).sort()).toEqual(spec.hcps.map((h) => `/api/v1/namespaces/hcpbench-fleet/secrets/${h.kubeconfigSecret.name}`));
    expect(mgmt.requests.every((r) => r.authorized && r.method === "GET")).toBe(true);
  });

  it("samples only the targeted HCP (and its own etcd) in single-HCP points, the whole fleet in mixed-*", async () => {
    const lg = fakeLoadgen(() => "complete");
    await runBenchJob({ ...spec, concurrency: [10] }, env, deps(lg.run));
    const selectors = mgmt.requests.filter((r) => r.url.includes("metrics.k8s.io")).map((r) => decodeURIComponent(new URL(r.url, "http://x").searchParams.get("labelSelector") ?? ""));
    expect(new Set(selectors)).toEqual(
      new Set([
        "app=k0smotron,component=cluster,cluster=hcp-000",
        "app=k0smotron,component=etcd,cluster=hcp-000",
        "app=k0smotron,component=cluster",
        "app=k0smotron,component=etcd",
      ]),
    );
    const base = `results/${env.sweepId}/etcd-10`;
    const single = JSON.parse(await s3.text(`${base}/create-list/c10/run-1/resources.json`));
    expect(single).toMatchObject({ pollErrors: 0, hcp: { samples: 1, units: 1, memMiB: { max: 300 } }, storage: { samples: 1, units: 1, memMiB: { max: 64 } } });
    const fleet = JSON.parse(await s3.text(`${base}/mixed-hot/c10/run-1/resources.json`));
    expect(fleet).toMatchObject({ hcp: { samples: 3, units: 3, peakTotalMemMiB: 900 }, storage: { units: 3, peakTotalCpuMilli: 120 } });
    // The hcp_* columns come from the same sampler.
    const perf = (await s3.text(`${base}/create-list/c10/run-1/perf.csv`)).split("\n");
    const row = Object.fromEntries(perf[0].split(",").map((h, i) => [h, perf[1].split(",")[i]]));
    expect(row).toMatchObject({ hcp_resource_samples: "1", hcp_max_mem_mi: "300", hcp_max_cpu_m: "120" });
  });

  it("resumes: a second Job skips every point already complete in the bucket", async () => {
    await runBenchJob(spec, env, deps(fakeLoadgen(() => "complete").run));
    const again = fakeLoadgen(() => "complete");
    const lines: string[] = [];
    const summary = await runBenchJob(spec, { ...env, runToken: "second" }, deps(again.run, undefined, lines));
    expect(again.calls).toHaveLength(0);
    expect(summary.counts).toMatchObject({ done: 0, skipped: 4 });
    expect(exitCodeOf(summary)).toBe(0);
    expect(lines.filter((l) => l.includes("already in the bucket"))).toHaveLength(4);
    expect(await jobJson()).toMatchObject({ runToken: "second", counts: { skipped: 4 } });
  });

  it("on SIGTERM aborts the current point, uploads it as partial, starts no other, and exits non-zero", async () => {
    const stop = new AbortController();
    const lg = fakeLoadgen((_o, call) => (call === 2 ? "wait-for-abort" : "complete"));
    const running = runBenchJob(spec, env, deps(lg.run, stop.signal));
    while (lg.calls.length < 2) await new Promise((r) => setTimeout(r, 5));
    stop.abort(new Error("SIGTERM"));
    const summary = await running;

    expect(lg.calls).toHaveLength(2);
    expect(summary.points.map((p) => p.status)).toEqual(["done", "partial", "not-run", "not-run"]);
    expect(summary.interrupted).toBe(true);
    expect(exitCodeOf(summary)).toBe(143);
    const key = `results/${env.sweepId}/etcd-10/create-list/c50/run-1/result.json`;
    expect(JSON.parse(await s3.text(key))).toMatchObject({ partial: true });
    expect(await s3.metadata(key)).toEqual({ "hcpbench-partial": "true" });
    expect(await s3.keys(`results/${env.sweepId}/etcd-10/mixed-hot/`)).toEqual([]);
    expect(await jobJson()).toMatchObject({ interrupted: true, counts: { done: 1, partial: 1, "not-run": 2 } });

    // The next Job runs the partial point again, and the two never run.
    const resume = fakeLoadgen(() => "complete");
    const after = await runBenchJob(spec, { ...env, runToken: "resume" }, deps(resume.run));
    expect(resume.calls.map((c) => `${c.profile}/c${c.concurrency}`)).toEqual(["create-list/c50", "mixed-hot/c10", "mixed-hot/c50"]);
    expect(after.counts).toMatchObject({ skipped: 1, done: 3 });
    expect(await s3.metadata(key)).toEqual({ "hcpbench-partial": "false" });
  });

  it("aborts a point that outlives its budget, keeps its partial result, and goes on with the next", async () => {
    const lg = fakeLoadgen((_o, call) => (call === 1 ? "wait-for-abort" : "complete"));
    const summary = await runBenchJob({ ...spec, profiles: ["create-list"], pointTimeoutSeconds: { "create-list": 1 } }, env, deps(lg.run));
    expect(summary.points.map((p) => p.status)).toEqual(["partial", "done"]);
    expect(exitCodeOf(summary)).toBe(1);
    expect(JSON.parse(await s3.text(`results/${env.sweepId}/etcd-10/create-list/c10/run-1/result.json`))).toMatchObject({ partial: true });
  });

  it("records a point whose load step fails, runs the rest, and exits non-zero", async () => {
    const lg = fakeLoadgen((o) => (o.profile === "create-list" && o.concurrency === 50 ? "throw" : "complete"));
    const summary = await runBenchJob(spec, env, deps(lg.run));
    expect(summary.points.map((p) => p.status)).toEqual(["done", "failed", "done", "done"]);
    expect(summary.points[1].reason).toMatch(/connection refused/);
    expect(exitCodeOf(summary)).toBe(1);
    expect(await s3.keys(`results/${env.sweepId}/etcd-10/create-list/c50/`)).toEqual([]);
  });

  it("fails a point whose HCP kubeconfig Secret is missing or lacks the key, naming it", async () => {
    const broken = { ...spec, profiles: ["create-list" as const], concurrency: [10], hcps: [{ ...spec.hcps[0], kubeconfigSecret: { name: "hcp-000-kubeconfig", key: "admin.conf" } }] };
    const summary = await runBenchJob(broken, env, deps(fakeLoadgen(() => "complete").run));
    expect(summary.points[0]).toMatchObject({ status: "failed", reason: 'Secret hcpbench-fleet/hcp-000-kubeconfig has no key "admin.conf" (keys: value)' });
  });
});
