/**
 * The bench Job follower against the real kube-apiserver 1.33 on etcd 3.6 (binaries from
 * `hcpbench lab install`; a missing one fails). No controller-manager runs: the test plays the
 * Job controller and writes the Job's status through the status subresource, in the shapes the
 * 1.33 controller writes (pkg/controller/job/job_controller.go), which the API server's own
 * status validation accepts. The Job is the one `benchJobManifest` builds, so the real server
 * also checks the manifest, skipAwait annotation included.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BatchV1Api, CoreV1Api, KubeConfig, type V1Job } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServerArgs } from "../../scripts/lab/apiServerProcess";
import { requireBinary } from "../../scripts/lab/labBinaries";
import { makeHcpPki } from "../../scripts/lab/labCertificates";
import { adminKubeconfig } from "../../scripts/lab/labKubeconfig";
import { freePortRun, PortPlan } from "../../scripts/lab/labPorts";
import { stopLabProcesses, type LabProcess } from "../../scripts/lab/labProcesses";
import { LabRun } from "../../scripts/lab/labRun";
import { startLabEtcd } from "../../scripts/lab/storage/etcdServer";
import { kubeBenchJobApi } from "../../scripts/automation/benchJobApi";
import { findRunningBenchJob, followJob, type BenchJobApi, type FollowStatus } from "../../scripts/automation/benchJobFollower";
import { benchJobManifest } from "../../workloads/bench/benchJobManifest";

const namespace = "hcpbench-bench";
let dir: string;
let run: LabRun;
let apiArgs: ApiServerArgs;
let apiProcess: LabProcess;
let kubeconfig: string;
let batch: BatchV1Api;
let api: BenchJobApi;

/** A bench Job as `up` creates it, for one run token and sweep. */
function manifest(runToken: string, sweepId: string, activeDeadlineSeconds = 3600, shards = 1): V1Job {
  return benchJobManifest({
    stack: "follow-test",
    runToken,
    sweepId,
    results: { bucket: "hcpbench-results-test", prefix: "results", region: "us-east-1" },
    placement: { nodeSelector: { "hcpbench.io/pool": "control" }, tolerations: [{ key: "hcpbench.io/pool", operator: "Equal", value: "control", effect: "NoSchedule" }] },
    resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "1Gi" } },
    activeDeadlineSeconds,
    matrixConfigMap: `bench-${runToken}-matrix`,
    matrixSha256: "0".repeat(64),
    codeConfigMap: "hcpbench-loadgen-test",
    bundle: { fileName: "benchJobMain.js", gzipped: false },
    shards,
  }) as V1Job;
}

async function createJob(runToken: string, sweepId: string, activeDeadlineSeconds?: number, shards?: number): Promise<string> {
  const created = await batch.createNamespacedJob({ namespace, body: manifest(runToken, sweepId, activeDeadlineSeconds, shards) });
  return created.metadata!.name!;
}

/** Writes status as the Job controller would, through the status subresource; a set startTime never changes. */
async function setStatus(name: string, status: V1Job["status"]): Promise<void> {
  const job = await batch.readNamespacedJob({ namespace, name });
  await batch.replaceNamespacedJobStatus({ namespace, name, body: { ...job, status: { ...status, startTime: job.status?.startTime ?? status?.startTime } } });
}

const at = (offsetS = 0) => new Date(Date.now() + offsetS * 1000);
const started = (): V1Job["status"] => ({ startTime: at(-5), active: 1, ready: 0 });
const condition = (type: string, reason: string, message: string) => ({ type, status: "True", reason, message, lastProbeTime: at(), lastTransitionTime: at() });
/** What the 1.33 controller writes on success: SuccessCriteriaMet, then Complete, with completionTime. */
const completed = (): V1Job["status"] => ({
  startTime: at(-5),
  completionTime: at(),
  active: 0,
  ready: 0,
  succeeded: 1,
  conditions: [condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"), condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods")],
});
/** On failure the controller sets FailureTarget first, then Failed with the same reason. */
const failed = (reason: string, message: string): V1Job["status"] => ({
  startTime: at(-5),
  active: 0,
  ready: 0,
  failed: 1,
  conditions: [condition("FailureTarget", reason, message), condition("Failed", reason, message)],
});

const fast = { pollMs: 200, backoff: { minMs: 200, maxMs: 1000 }, requestTimeoutMs: 5000 };

async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-follow-"));
  fs.chmodSync(dir, 0o711);
  const ports = new PortPlan(await freePortRun(3));
  run = new LabRun(dir, ports, { etcd: requireBinary("etcd"), "kube-apiserver": requireBinary("kube-apiserver") }, () => undefined);
  const etcd = await startLabEtcd(run, "etcd", { client: ports.take("etcd client"), peer: ports.take("etcd peer") });
  const pki = makeHcpPki(path.join(dir, "pki"), "follow");
  apiArgs = { backend: "etcd", hcp: "follow", port: ports.take("kube-apiserver"), etcdServers: etcd.endpoint, etcdPrefix: "/follow", pki };
  const server = await startApiServer(run, apiArgs);
  apiProcess = server.process;
  kubeconfig = adminKubeconfig("follow", server.apiUrl, pki);
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  batch = kc.makeApiClient(BatchV1Api);
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
  api = await kubeBenchJobApi(kubeconfig);
}, 400_000);

afterAll(async () => {
  await run?.stopAll();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("following a bench Job on the real kube-apiserver", () => {
  it("the API server accepts the Job as built, with pulumi.com/skipAwait, and reads it back", async () => {
    const name = await createJob("accept", "s-accept");
    const live = await batch.readNamespacedJob({ namespace, name });
    expect(live.metadata?.annotations).toMatchObject({ "pulumi.com/skipAwait": "true" });
    expect(await api.read(namespace, name)).toMatchObject({ name, runToken: "accept", sweepId: "s-accept", active: 0, activeDeadlineSeconds: 3600, conditions: [] });
    expect(await api.read(namespace, "bench-no-such-job")).toBeUndefined();
  });

  it("reports progress while the Job runs, then returns when it is Complete", async () => {
    const name = await createJob("complete", "s1");
    await setStatus(name, started());
    const seen: FollowStatus[] = [];
    const following = followJob({ api, namespace, name, onStatus: (s) => seen.push(s), ...fast });
    await waitFor("a progress report of the running pod", () => seen.some((s) => s.job?.active === 1));
    await setStatus(name, completed());
    const outcome = await following;
    expect(outcome.kind).toBe("complete");
    expect(outcome.kind === "complete" && outcome.job.succeeded).toBe(1);
    expect(seen.every((s) => s.retry === undefined)).toBe(true);
  }, 60_000);

  it("returns the Failed condition's reason when the pod failed", async () => {
    const name = await createJob("failed", "s1");
    await setStatus(name, started());
    const following = followJob({ api, namespace, name, ...fast });
    await setStatus(name, failed("BackoffLimitExceeded", "Job has reached the specified backoff limit"));
    expect(await following).toMatchObject({ kind: "failed", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" });
  }, 60_000);

  it("returns DeadlineExceeded when the Job controller ends the Job at activeDeadlineSeconds", async () => {
    const name = await createJob("deadline", "s1", 60);
    await setStatus(name, started());
    const following = followJob({ api, namespace, name, ...fast });
    await setStatus(name, failed("DeadlineExceeded", "Job was active longer than specified deadline"));
    expect(await following).toMatchObject({ kind: "failed", reason: "DeadlineExceeded" });
  }, 60_000);

  it("stops waiting once activeDeadlineSeconds and the grace have passed without a final condition", async () => {
    const name = await createJob("overdue", "s1", 2);
    await batch.readNamespacedJob({ namespace, name }).then((j) => batch.replaceNamespacedJobStatus({ namespace, name, body: { ...j, status: { startTime: at(), active: 1 } } }));
    const t0 = Date.now();
    const outcome = await followJob({ api, namespace, name, graceS: 1, ...fast });
    // startTime is truncated to the second by the server: at least 2 + 1 s minus that second.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
    expect(outcome).toMatchObject({ kind: "overdue", job: { name, active: 1 } });
  }, 60_000);

  it("returns `gone` when the Job is deleted while followed", async () => {
    const name = await createJob("deleted", "s1");
    const seen: FollowStatus[] = [];
    const following = followJob({ api, namespace, name, onStatus: (s) => seen.push(s), ...fast });
    await waitFor("the first read", () => seen.length > 0);
    await batch.deleteNamespacedJob({ namespace, name, propagationPolicy: "Background" });
    expect(await following).toEqual({ kind: "gone" });
  }, 60_000);

  it("re-attaches: finds the running Job of a sweep among finished ones, and follows it to the end", async () => {
    const done = await createJob("old", "s-reattach");
    await setStatus(done, completed());
    const running = await createJob("new", "s-reattach");
    await setStatus(running, started());
    await createJob("other", "s-other");

    const found = await findRunningBenchJob(api, namespace, "s-reattach");
    expect(found).toMatchObject({ name: running, runToken: "new", sweepId: "s-reattach" });
    expect(await findRunningBenchJob(api, namespace, "s-none")).toBeUndefined();

    const following = followJob({ api, namespace, name: found!.name, ...fast });
    await setStatus(running, completed());
    expect((await following).kind).toBe("complete");
    expect(await findRunningBenchJob(api, namespace, "s-reattach")).toBeUndefined();
  }, 60_000);

  it("a sharded bench Job: the server accepts the Indexed Job as built, and the follower sees it complete only with every index", async () => {
    const name = await createJob("indexed", "s-indexed", undefined, 3);
    const live = await batch.readNamespacedJob({ namespace, name });
    expect(live.spec).toMatchObject({ completionMode: "Indexed", completions: 3, parallelism: 3, backoffLimitPerIndex: 0 });
    const env = live.spec!.template.spec!.containers[0].env!;
    expect(env.find((e) => e.name === "HCPBENCH_JOB_UID")?.valueFrom).toEqual({ fieldRef: { apiVersion: "v1", fieldPath: "metadata.labels['batch.kubernetes.io/controller-uid']" } });
    // The server defaults the selector and pod labels from the Job's uid: the label the pods read their barrier prefix from.
    expect(live.spec!.template.metadata!.labels!["batch.kubernetes.io/controller-uid"]).toBe(live.metadata!.uid);
    await setStatus(name, { startTime: at(-5), active: 3, ready: 0 });
    const following = followJob({ api, namespace, name, ...fast });
    // Two of three indexes done: still running.
    await setStatus(name, { startTime: at(-5), active: 1, ready: 0, succeeded: 2, completedIndexes: "0,2" });
    await new Promise((r) => setTimeout(r, 600));
    await setStatus(name, { ...completed(), succeeded: 3, completedIndexes: "0-2" });
    const outcome = await following;
    expect(outcome).toMatchObject({ kind: "complete", job: { succeeded: 3 } });
  }, 60_000);

  it("a sharded bench Job with a failed index ends Failed with FailedIndexes once the others finish", async () => {
    const name = await createJob("indexed-failed", "s-indexed", undefined, 3);
    await setStatus(name, { startTime: at(-5), active: 3, ready: 0 });
    const following = followJob({ api, namespace, name, ...fast });
    await setStatus(name, {
      startTime: at(-5),
      active: 0,
      ready: 0,
      succeeded: 2,
      failed: 1,
      completedIndexes: "0,2",
      failedIndexes: "1",
      conditions: [condition("FailureTarget", "FailedIndexes", "Job has failed indexes"), condition("Failed", "FailedIndexes", "Job has failed indexes")],
    });
    expect(await following).toMatchObject({ kind: "failed", reason: "FailedIndexes", message: "Job has failed indexes" });
  }, 60_000);

  it("an interrupt stops the follow and leaves the Job as it was", async () => {
    const name = await createJob("interrupt", "s1");
    await setStatus(name, started());
    const controller = new AbortController();
    const seen: FollowStatus[] = [];
    const following = followJob({ api, namespace, name, signal: controller.signal, onStatus: (s) => seen.push(s), ...fast });
    await waitFor("the first read", () => seen.length > 0);
    controller.abort();
    expect(await following).toMatchObject({ kind: "interrupted", job: { name, active: 1 } });
    expect(await api.read(namespace, name)).toMatchObject({ active: 1, conditions: [] });
  }, 60_000);

  it("keeps following through an API server stop and restart, then sees the final state", async () => {
    const name = await createJob("restart", "s1");
    await setStatus(name, started());
    const seen: FollowStatus[] = [];
    const following = followJob({ api, namespace, name, onStatus: (s) => seen.push(s), ...fast });
    await waitFor("the first read", () => seen.some((s) => s.job?.active === 1));

    expect(await stopLabProcesses([apiProcess])).toEqual([apiProcess.role]);
    await waitFor("four failed reads", () => seen.some((s) => (s.retry?.attempt ?? 0) >= 4));
    apiProcess = (await startApiServer(run, apiArgs)).process;
    await setStatus(name, completed());

    const outcome = await following;
    expect(outcome.kind).toBe("complete");
    const retries = seen.filter((s) => s.retry);
    expect(retries.length).toBeGreaterThanOrEqual(4);
    // Connection refused while the server was down, reported as a read error, never as the Job failing.
    expect(retries.some((s) => /ECONNREFUSED/.test(s.retry!.error)), retries.map((s) => s.retry!.error).join("\n")).toBe(true);
    expect(retries[0].job).toMatchObject({ name, active: 1 });
    // Backoff doubles from the minimum to the cap.
    expect(retries.slice(0, 4).map((s) => s.retry!.inS)).toEqual([0.2, 0.4, 0.8, 1]);
  }, 400_000);
});
