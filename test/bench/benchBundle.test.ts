import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BenchJobSpec } from "../../workloads/loadgen/job/benchJobSpec";
import type { JobSummary } from "../../workloads/loadgen/job/benchJob";
import type { LoadgenResult } from "../../workloads/loadgen/loadgenResult";
import { loadgenBundle } from "../../workloads/bench/loadgenBundle";
import type { PodMetrics } from "../../workloads/samplers/podMetrics";
import { startApiServerOnEtcd, type ApiServerOnEtcd } from "../k8sApiServer/apiServerOnEtcd";
import { startFakeManagementCluster, type FakeManagementCluster } from "./fakeManagementCluster";
import { startLocalS3, type LocalS3 } from "./s3Server";

/**
 * The bench Job as the cluster runs it: the esbuild bundle under plain `node` (no tsx), reading
 * matrix.json and its environment, fetching the HCP's kubeconfig Secret from the management API,
 * loading a real API server on a real etcd at the HCP's "in-cluster" URL, and uploading to a real
 * S3-compatible server (s3rver) with static keys, as it does to MinIO.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-bundle-"));
let hcp: ApiServerOnEtcd;
let mgmt: FakeManagementCluster;
let s3: LocalS3;
let bundlePath: string;
let mgmtKubeconfig: string;

const podMetrics = (): PodMetrics[] => [
  {
    metadata: { name: "kmc-hcp-000-0", namespace: "hcpbench-fleet", labels: { app: "k0smotron", component: "cluster", cluster: "hcp-000" } },
    timestamp: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
    window: "1s",
    containers: [{ name: "controller", usage: { cpu: "250000000n", memory: "409600Ki" } }],
  },
];

beforeAll(async () => {
  const bundle = loadgenBundle();
  bundlePath = path.join(dir, "benchJobMain.js");
  fs.writeFileSync(bundlePath, bundle.gzipped ? zlib.gunzipSync(bundle.bytes) : bundle.bytes);

  hcp = await startApiServerOnEtcd({ token: "hcp-admin-token" });
  // The admin kubeconfig names an address the Job cannot reach: it must use the in-cluster URL it is given.
  const adminKubeconfig = hcp.api.kubeconfig().replace(/server: .*/, "server: https://kmc-hcp-000.invalid:30443");
  mgmt = await startFakeManagementCluster({
    secrets: { "hcpbench-fleet/hcp-000-kubeconfig": { value: adminKubeconfig } },
    podMetrics: (ns) => (ns === "hcpbench-fleet" ? podMetrics() : []),
  });
  mgmtKubeconfig = path.join(dir, "management.kubeconfig");
  fs.writeFileSync(mgmtKubeconfig, mgmt.kubeconfig());
  s3 = await startLocalS3();
}, 120_000);

afterAll(async () => {
  await s3?.stop();
  await mgmt?.close();
  await hcp?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function matrix(over: Partial<BenchJobSpec>): string {
  const spec: BenchJobSpec = {
    schemaVersion: 1,
    backend: "etcd",
    hcpCpuLimit: "500m",
    hcpMemoryLimit: "768Mi",
    profiles: ["light"],
    concurrency: [4],
    runs: 2,
    ops: 40,
    warmup: 5,
    watchers: 2,
    phaseTimeoutSeconds: 60,
    pointTimeoutSeconds: { light: 120, "create-list": 120 },
    hcps: [{ name: "hcp-000", namespace: "hcpbench-fleet", apiServerUrl: hcp.api.url, kubeconfigSecret: { name: "hcp-000-kubeconfig", key: "value" } }],
    sampling: { intervalMs: 200, hcp: { namespace: "hcpbench-fleet", labelSelector: "app=k0smotron,component=cluster", unitLabel: "cluster" }, storage: [] },
    ...over,
  };
  const file = path.join(dir, `matrix-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  return file;
}

interface Run {
  readonly child: ChildProcess;
  readonly exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
  readonly stdout: () => string;
}

/** Starts the bundle as the container does: node, the bundle, the matrix path; a clean environment. */
function runJob(matrixFile: string, sweepId: string, extraEnv: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [bundlePath, matrixFile], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      HCPBENCH_STACK: "etcd-10",
      HCPBENCH_SWEEP_ID: sweepId,
      HCPBENCH_RUN_TOKEN: "initial",
      HCPBENCH_RESULTS_BUCKET: s3.bucket,
      HCPBENCH_RESULTS_PREFIX: "results",
      HCPBENCH_S3_ENDPOINT: s3.endpoint,
      HCPBENCH_MANAGEMENT_KUBECONFIG: mgmtKubeconfig,
      AWS_REGION: s3.region,
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: "true",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
  return { child, exit, stdout: () => stdout };
}

const jobJson = async (sweep: string) => JSON.parse(await s3.text(`results/${sweep}/etcd-10/job.json`)) as JobSummary;

describe("the bundled bench Job under plain node", () => {
  it("runs its points against the HCP's in-cluster URL and uploads them; a second Job skips them all", async () => {
    const file = matrix({});
    const first = await runJob(file, "e2e").exit;
    expect(first.stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?trace-warnings[^\n]*\n/, "")).toBe("");
    expect(first.code).toBe(0);

    const base = "results/e2e/etcd-10";
    expect(await s3.keys(`${base}/`)).toEqual(
      [...[1, 2].flatMap((r) => ["perf.csv", "resources.json", "result.json"].map((f) => `${base}/light/c4/run-${r}/${f}`)), `${base}/job.json`].sort(),
    );
    const result = JSON.parse(await s3.text(`${base}/light/c4/run-2/result.json`)) as LoadgenResult;
    expect(result).toMatchObject({ partial: false, profile: "light", runId: "2", storageName: "etcd", hcpCpuLimit: "500m", hcpMemoryLimit: "768Mi" });
    expect(result.settings).toMatchObject({ ops: 40, concurrency: 4, warmup: 5 });
    expect(result.writes.successes).toBe(40);
    expect(result.targets).toHaveLength(1);
    expect(result.resources?.samples).toBeGreaterThanOrEqual(1);
    expect(result.resources?.maxMemMi).toBe(400);
    expect((await s3.text(`${base}/light/c4/run-1/perf.csv`)).split("\n")[1]).toContain(",etcd,light,4,40,1,500m,768Mi,");
    expect(await jobJson("e2e")).toMatchObject({ stack: "etcd-10", sweepId: "e2e", interrupted: false, counts: { done: 2, skipped: 0, partial: 0, failed: 0, "not-run": 0 } });
    // It read exactly the one Secret, with its service-account token.
    expect(mgmt.requests.filter((r) => r.url.includes("/secrets/")).map((r) => [r.url, r.authorized])).toEqual([["/api/v1/namespaces/hcpbench-fleet/secrets/hcp-000-kubeconfig", true]]);

    const second = await runJob(file, "e2e").exit;
    expect(second.code).toBe(0);
    expect(await jobJson("e2e")).toMatchObject({ counts: { done: 0, skipped: 2 } });
    expect(second.stdout).toContain("light c4 run 1: already in the bucket, skipped");
  });

  it("on SIGTERM stops the point, uploads it as partial with job.json, and exits non-zero", async () => {
    // Slow creates keep the point running long enough to be interrupted halfway.
    hcp.api.faults.add({ kind: "slow", verb: "create", delayMs: 50 });
    try {
      const run = runJob(matrix({ profiles: ["create-list"], ops: 100_000, concurrency: [2], runs: 2 }), "sigterm");
      const deadline = Date.now() + 60_000;
      while (!run.stdout().includes("creating 100000 objects")) {
        if (Date.now() > deadline) throw new Error(`the point never started:\n${run.stdout()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 500));
      const killedAt = Date.now();
      run.child.kill("SIGTERM");
      const done = await run.exit;
      expect(done.code).toBe(143);
      expect(Date.now() - killedAt).toBeLessThan(30_000);
      expect(done.stdout).toContain("SIGTERM: stopping the current point");

      const key = "results/sigterm/etcd-10/create-list/c2/run-1/result.json";
      const result = JSON.parse(await s3.text(key)) as LoadgenResult;
      expect(result.partial).toBe(true);
      expect(result.writes.successes).toBeGreaterThan(0);
      expect(result.writes.successes).toBeLessThan(100_000);
      expect(await s3.metadata(key)).toEqual({ "hcpbench-partial": "true" });
      expect(await s3.keys("results/sigterm/etcd-10/create-list/c2/run-2/")).toEqual([]);
      expect(await jobJson("sigterm")).toMatchObject({ interrupted: true, counts: { partial: 1, "not-run": 1, done: 0 } });
    } finally {
      hcp.api.faults.clear();
    }
  });

  it("a sharded matrix: exits 2 outside an Indexed Job; as two Indexed pods, shard 0 runs the single-HCP point while shard 1 waits for it at the barrier", async () => {
    const hcps = ["hcp-000", "hcp-001"].map((name) => ({ name, namespace: "hcpbench-fleet", apiServerUrl: hcp.api.url, kubeconfigSecret: { name: "hcp-000-kubeconfig", key: "value" } }));
    const file = matrix({ shards: 2, hcps, runs: 1 });
    const alone = await runJob(file, "shards-alone").exit;
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe("matrix.json has 2 shards but JOB_COMPLETION_INDEX is not set: the bench Job must be an Indexed Job\n");

    const pods = [0, 1].map((i) => runJob(file, "shards", { JOB_COMPLETION_INDEX: String(i), HCPBENCH_JOB_UID: "uid-bundle" }));
    const [zero, one] = await Promise.all(pods.map((p) => p.exit));
    expect([zero.code, one.code]).toEqual([0, 0]);
    expect(zero.stdout).toContain("shard 0 of 2");
    const base = "results/shards/etcd-10";
    const summaries = await Promise.all([0, 1].map(async (i) => JSON.parse(await s3.text(`${base}/job-shard-${i}.json`)) as JobSummary));
    expect(summaries.map((j) => j.points.map((p) => p.status))).toEqual([["done"], ["skipped"]]);
    expect(summaries[1].points[0].reason).toBe("a single-HCP point: shard 0 runs it alone");
    // Shard 1 left the first barrier only once shard 0 had reached the end: it finished after the point.
    expect(Date.parse(summaries[1].finishedAt)).toBeGreaterThanOrEqual(Date.parse(JSON.parse(await s3.text(`${base}/light/c4/run-1/result.json`)).finishedAt));
    expect((await s3.keys(`${base}/shards/uid-bundle/`)).sort()).toEqual([`${base}/shards/uid-bundle/end/0`, `${base}/shards/uid-bundle/end/1`, `${base}/shards/uid-bundle/point-0/0`, `${base}/shards/uid-bundle/point-0/1`]);
  }, 120_000);
});
