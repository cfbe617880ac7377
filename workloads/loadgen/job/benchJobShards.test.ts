/**
 * The pods of a sharded bench Job, three at once in this process, each as its Indexed Job pod
 * would run (its JOB_COMPLETION_INDEX and the Job's uid), against a local S3 (s3rver) as the
 * results bucket. The load is real: each HCP's kubeconfig target is turned into a key prefix on a
 * real etcd (Debian's 3.4) and driven by the real load generator. The management cluster (HCP
 * Secrets, metrics API) is the stand-in of benchJob.test.ts: no real peer serves pod metrics here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeManagementCluster, type FakeManagementCluster } from "../../../test/bench/fakeManagementCluster";
import { startLocalS3, type LocalS3 } from "../../../test/bench/s3Server";
import { startEtcd, type EtcdServer } from "../../../test/servers/realServers";
import { kubeconfigCredentials } from "../../samplers/kubeconfigCredentials";
import { managementApi, type ManagementApi } from "../../samplers/managementApi";
import type { PodMetrics } from "../../samplers/podMetrics";
import type { KubernetesTarget, LoadgenOptions } from "../loadgenOptions";
import type { LoadgenResult } from "../loadgenResult";
import { runLoadgen } from "../runLoadgen";
import { exitCodeOf, jobShardOf, runBenchJob, type JobSummary } from "./benchJob";
import type { BenchJobEnv } from "./benchJobEnv";
import type { BenchJobSpec } from "./benchJobSpec";
import { PointStore } from "./pointStore";

const hcpNames = Array.from({ length: 6 }, (_, i) => `hcp-00${i}`);
const spec: BenchJobSpec = {
  schemaVersion: 1,
  backend: "etcd",
  hcpCpuLimit: "",
  hcpMemoryLimit: "",
  profiles: ["create-list", "mixed-uniform"],
  concurrency: [4],
  runs: 1,
  ops: 40,
  warmup: 5,
  watchers: 1,
  phaseTimeoutSeconds: 60,
  pointTimeoutSeconds: { "create-list": 60, "mixed-uniform": 60 },
  hcps: hcpNames.map((name) => ({ name, namespace: "hcpbench-fleet", apiServerUrl: `https://kmc-${name}.hcpbench-fleet.svc:30443`, kubeconfigSecret: { name: `${name}-kubeconfig`, key: "value" } })),
  sampling: { intervalMs: 50, hcp: { namespace: "hcpbench-fleet", labelSelector: "app=k0smotron,component=cluster", unitLabel: "cluster" }, storage: [] },
  shards: 3,
};

let s3: LocalS3;
let mgmt: FakeManagementCluster;
let api: ManagementApi;
let etcd: EtcdServer;
const calls: { shard: number; profile: string; targets: string[]; hotFraction?: number; startedAt: number; endedAt: number }[] = [];

/** The real load generator, with each HCP standing for its own key prefix on the real etcd. */
const loadgenFor = (shard: number) => async (opts: LoadgenOptions): Promise<LoadgenResult> => {
  const hcps = (Array.isArray(opts.target) ? opts.target : [opts.target]) as KubernetesTarget[];
  const target = hcps.map((t) => ({ kind: "etcd" as const, endpoint: `127.0.0.1:${etcd.port}`, prefix: `/${t.name}`, name: t.name! }));
  const startedAt = Date.now();
  // rate 200/s per HCP (the profile's 20/s would make the point take 2 s for nothing); no /metrics scrape.
  const result = await runLoadgen({ ...opts, target: target.length === 1 ? target[0] : target, rate: 200, scrapeServerMetrics: false });
  calls.push({ shard, profile: opts.profile, targets: target.map((t) => t.name), hotFraction: opts.hotFraction, startedAt, endedAt: Date.now() });
  return result;
};

const envOf = (sweepId: string, index: number, jobUid: string): BenchJobEnv => ({
  stack: "etcd-6",
  sweepId,
  runToken: "initial",
  results: { bucket: s3.bucket, prefix: "results", region: s3.region, endpoint: s3.endpoint },
  shard: { index, jobUid },
});

function runShards(sweepId: string, jobUid: string, indexes: readonly number[], timeoutMs = 60_000): Promise<JobSummary[]> {
  return Promise.all(
    indexes.map((i) =>
      runBenchJob(spec, envOf(sweepId, i, jobUid), {
        api,
        store: new PointStore(s3.client, s3.bucket),
        runLoadgen: loadgenFor(i),
        signal: new AbortController().signal,
        log: () => undefined,
        barrier: { pollMs: 50, timeoutMs },
      }),
    ),
  );
}

beforeAll(async () => {
  [s3, etcd] = await Promise.all([startLocalS3(), startEtcd()]);
  const hcpKubeconfig = (name: string) => `apiVersion: v1\nkind: Config\ncurrent-context: admin@${name}\nclusters: [{ name: ${name}, cluster: { server: "https://${name}.example:30443" } }]\n`;
  const pod = (cluster: string): PodMetrics => ({
    metadata: { name: `kmc-${cluster}-0`, namespace: "hcpbench-fleet", labels: { app: "k0smotron", cluster, component: "cluster" } },
    timestamp: "2025-06-01T10:00:00Z",
    window: "15s",
    containers: [{ name: "c", usage: { cpu: "100m", memory: "200Mi" } }],
  });
  mgmt = await startFakeManagementCluster({
    secrets: Object.fromEntries(spec.hcps.map((h) => [`hcpbench-fleet/${h.kubeconfigSecret.name}`, { value: hcpKubeconfig(h.name) }])),
    podMetrics: (_ns, selector) => hcpNames.filter((n) => !/cluster=/.test(selector ?? "") || selector!.includes(`cluster=${n}`)).map(pod),
  });
  api = managementApi(kubeconfigCredentials(mgmt.kubeconfig()));
}, 60_000);
afterAll(async () => {
  await api?.close();
  await mgmt?.close();
  await Promise.all([s3?.stop(), etcd?.stop()]);
});

describe("a sharded bench Job", () => {
  it("refuses a sharded matrix outside an Indexed Job, and an index beyond the shards", () => {
    expect(() => jobShardOf(spec, {})).toThrow("matrix.json has 3 shards but JOB_COMPLETION_INDEX is not set: the bench Job must be an Indexed Job");
    expect(() => jobShardOf(spec, { shard: { index: 3, jobUid: "u" } })).toThrow("JOB_COMPLETION_INDEX 3 is outside the 3 shards of matrix.json (0..2)");
    expect(jobShardOf({}, {})).toBeUndefined();
  });

  it("three pods: shard 0 runs the single-HCP point alone, then all three drive their two HCPs at once, and shard 0 merges the point", async () => {
    calls.length = 0;
    const summaries = await runShards("s-all", "uid-all", [0, 1, 2]);
    const base = "results/s-all/etcd-6";

    // The single-HCP point ran once, on shard 0, against the first HCP; the fleet point once per shard on its own HCPs.
    expect(calls.filter((c) => c.profile === "create-list").map((c) => [c.shard, c.targets])).toEqual([[0, ["hcp-000"]]]);
    const fleet = calls.filter((c) => c.profile === "mixed-uniform").sort((a, b) => a.shard - b.shard);
    expect(fleet.map((c) => c.targets)).toEqual([["hcp-000", "hcp-001"], ["hcp-002", "hcp-003"], ["hcp-004", "hcp-005"]]);
    // In step: no shard's fleet load began before the single-HCP point had ended.
    const singleEnd = calls.find((c) => c.profile === "create-list")!.endedAt;
    for (const c of fleet) expect(c.startedAt).toBeGreaterThanOrEqual(singleEnd);

    expect(summaries.map((s) => s.points.map((p) => p.status))).toEqual([["done", "done"], ["skipped", "done"], ["skipped", "done"]]);
    expect(summaries.map(exitCodeOf)).toEqual([0, 0, 0]);

    const keys = (await s3.keys(`${base}/`)).filter((k) => !k.includes("/shards/uid-all/"));
    expect(keys).toEqual(
      [
        ...["perf.csv", "resources.json", "result.json"].map((f) => `${base}/create-list/c4/run-1/${f}`),
        ...["perf.csv", "resources.json", "result.json", "shards/0.json", "shards/1.json", "shards/2.json"].map((f) => `${base}/mixed-uniform/c4/run-1/${f}`),
        ...[0, 1, 2].map((i) => `${base}/job-shard-${i}.json`),
      ].sort(),
    );
    // Every pod arrived at every step: before each point and at the end.
    expect((await s3.keys(`${base}/shards/uid-all/`)).length).toBe(3 * 3);

    const merged = JSON.parse(await s3.text(`${base}/mixed-uniform/c4/run-1/result.json`)) as LoadgenResult;
    const parts = await Promise.all([0, 1, 2].map(async (i) => JSON.parse(await s3.text(`${base}/mixed-uniform/c4/run-1/shards/${i}.json`)) as LoadgenResult));
    expect(merged.shards).toEqual({ count: 3, merged: [0, 1, 2], missing: [] });
    expect(merged.partial).toBe(false);
    expect(merged.targets.map((t) => t.name)).toEqual(hcpNames);
    // Hand count: 40 operations per HCP, half of them reads (floor(40 x 0.5) = 20), on 6 HCPs.
    expect([merged.steps.write.successes, merged.steps.read.successes]).toEqual([120, 120]);
    expect(parts.map((p) => p.steps.write.successes)).toEqual([40, 40, 40]);
    expect(merged.steps.write.latency.count).toBe(120);
    // The fleet's pods are sampled by shard 0 only: six HCPs, once.
    expect(parts.map((p) => (p.resources?.samples ?? 0) > 0)).toEqual([true, false, false]);
    expect(JSON.parse(await s3.text(`${base}/mixed-uniform/c4/run-1/resources.json`))).toMatchObject({ hcp: { units: 6 } });
    expect(await s3.metadata(`${base}/mixed-uniform/c4/run-1/result.json`)).toEqual({ "hcpbench-partial": "false" });
    const perf = (await s3.text(`${base}/mixed-uniform/c4/run-1/perf.csv`)).trim().split("\n");
    const row = Object.fromEntries(perf[0].split(",").map((h, i) => [h, perf[1].split(",")[i]]));
    expect(row).toMatchObject({ profile: "mixed-uniform", write_successes: "120", read_successes: "120", hcp_resource_samples: expect.not.stringMatching(/^0$/) });
    // The single-HCP point is shard 0's own, unsharded, result: no histograms, no shards.
    const single = JSON.parse(await s3.text(`${base}/create-list/c4/run-1/result.json`)) as LoadgenResult;
    expect(single.histograms).toBeUndefined();
    expect(single.shards).toBeUndefined();
  }, 120_000);

  it("a shard that never comes: the others go on after the barrier's wait, and the point is partial, naming the shard", async () => {
    const summaries = await runShards("s-missing", "uid-missing", [0, 2], 1500);
    const base = "results/s-missing/etcd-6";
    const merged = JSON.parse(await s3.text(`${base}/mixed-uniform/c4/run-1/result.json`)) as LoadgenResult;
    expect(merged).toMatchObject({ partial: true, partialReason: "shard 1: no result", shards: { count: 3, merged: [0, 2], missing: [1] } });
    expect(merged.targets.map((t) => t.name)).toEqual(["hcp-000", "hcp-001", "hcp-004", "hcp-005"]);
    expect(await s3.metadata(`${base}/mixed-uniform/c4/run-1/result.json`)).toEqual({ "hcpbench-partial": "true" });
    expect(summaries[0].points[1]).toMatchObject({ status: "partial", reason: "shard 1: no result" });
    expect(exitCodeOf(summaries[0])).toBe(1);
    expect(exitCodeOf(summaries[1])).toBe(0);

    // The next Job (new uid) runs the partial point again with all three shards, and skips the done one.
    const again = await runShards("s-missing", "uid-again", [0, 1, 2]);
    expect(again.map((s) => s.points.map((p) => p.status))).toEqual([["skipped", "done"], ["skipped", "done"], ["skipped", "done"]]);
    expect(JSON.parse(await s3.text(`${base}/mixed-uniform/c4/run-1/result.json`))).toMatchObject({ partial: false, shards: { merged: [0, 1, 2], missing: [] } });
  }, 120_000);
});
