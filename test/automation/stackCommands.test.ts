import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, apiAccess, repoRoot, setFlags, smallMatrix } from "./harness";

/** `hcpbench up`, `run` and `destroy` against the fake pulumi CLI, as a child process. */
let h: Harness;
beforeEach(async () => {
  h = await new Harness().start();
});
afterEach(async () => {
  await h.stop();
});

/** The CLI runs as a child process, several times per test, on a shared 2-core machine. */
const slow = 240_000;

describe("up -> run -> destroy on one stack", () => {
  it("runs the bench again on the same fleet with a new run token, follows the Job after up returns, downloads the results, then destroys", async () => {
    const up = await h.run(["up", "kine-postgres-10", ...setFlags([apiAccess, "fleet.count=3", "bench.enabled=false"])]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain("stack kine-postgres-10 is up: 3 kine-postgres HCPs");
    expect(up.stdout).toContain("bench: not run (bench.enabled=false)");
    expect(up.stdout).not.toContain("fake-token"); // the kubeconfig stays secret
    expect(h.operations("kine-postgres-10")).toEqual(["up-fleet"]);

    const out = path.join(h.dir, "run-out");
    // The Job stays running until the follower has read it twice.
    h.cloud.holdJobs.add("kine-postgres-10");
    const child = h.spawn(["run", "kine-postgres-10", "--profiles", "create-list", "--concurrency", "50", "--runs", "2", "--sweep-id", "rerun1", "--out", out]);
    await h.waitFor(() => [...h.cloud.jobs.values()].some((j) => h.jobReads("kine-postgres-10", String(j.job.metadata.name)) >= 2), "the follower to read the running Job", 180_000);
    h.cloud.holdJobs.delete("kine-postgres-10");
    const run = await child.result;
    expect(run.code, run.stderr).toBe(0);
    const bench = h.commands().filter((c) => c.event === "begin" && c.step === "up-bench");
    expect(bench).toHaveLength(1);
    // `up` returned once the Job existed; the Job finished later, while `run` followed it, and only then were results collected.
    const upDone = Date.parse(h.events("kine-postgres-10", "up-bench").find((e) => e.event === "done")!.time);
    const [job] = [...h.cloud.jobs.values()];
    expect(job.finishedAt!).toBeGreaterThan(upDone);
    expect(run.stdout).toMatch(/bench Job bench-r[a-z0-9]+: \d+m\d\ds: 1 active, 0 succeeded, 0 failed pod\(s\)/);
    expect(run.stdout).toMatch(/bench Job bench-r[a-z0-9]+ completed: 4 files from s3:\/\/hcpbench-results-fake\/results\/rerun1\/kine-postgres-10\//);
    const getsAfterFinish = h.cloud.requests.indexOf(`GET /hcpbench-results-fake/results/rerun1/kine-postgres-10/create-list/c50/run-2/result.json`);
    expect(getsAfterFinish).toBeGreaterThan(h.cloud.requests.lastIndexOf(`GET /k8s/kine-postgres-10/3/kine-postgres/apis/batch/v1/namespaces/hcpbench-bench/jobs/${job.job.metadata.name}`));
    expect(bench[0].runToken).toMatch(/^r[a-z0-9]+$/);
    expect(bench[0].sweepId).toBe("rerun1");
    // The fleet keeps the size of the last up: `run` did not resize it to the committed 10.
    const runConfig = fs.readFileSync(path.join(h.home, "config", "Pulumi.kine-postgres-10.yaml"), "utf8");
    expect(runConfig).toMatch(/count: 3/);
    expect(h.events("kine-postgres-10", "up-bench").find((e) => e.event === "bench")?.written).toEqual(["create-list/c50/run-1", "create-list/c50/run-2"]);
    for (const r of ["run-1", "run-2"]) expect(fs.existsSync(path.join(out, "kine-postgres-10", "create-list", "c50", r, "result.json"))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(out, "kine-postgres-10", "stack.json"), "utf8"))).toMatchObject({ hcpCount: 3, sweepId: "rerun1" });

    const destroy = await h.run(["destroy", "kine-postgres-10"]);
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(destroy.stdout).toContain("stack kine-postgres-10 destroyed");
    expect(h.operations("kine-postgres-10")).toEqual(["up-fleet", "up-bench", "destroy"]);
    expect(fs.readFileSync(path.join(h.project, "stacks", "Pulumi.kine-postgres-10.yaml"), "utf8")).toBe(
      fs.readFileSync(path.join(repoRoot, "stacks", "Pulumi.kine-postgres-10.yaml"), "utf8"),
    );
    // destroy removed the Job with the stack.
    expect(job.deleted).toBe(true);
  }, slow);

  it("`up` with the bench returns while the Job runs; `run` follows that Job instead of starting another, and refuses bench options meanwhile", async () => {
    h.cloud.holdJobs.add("etcd-10");
    const up = await h.run(["up", "etcd-10", "--sweep-id", "u1", ...setFlags([apiAccess, ...smallMatrix])]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/bench Job started: bench-initial \(up does not wait for it\); follow it and download its results with: hcpbench run etcd-10/);
    const job = h.cloud.jobs.get("etcd-10/bench-initial")!;
    expect(job.finishedAt).toBeUndefined();

    const refused = await h.run(["run", "etcd-10", "--runs", "1"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--runs: bench Job bench-initial is still running on etcd-10; run `hcpbench run etcd-10` without bench options to follow it");

    const out = path.join(h.dir, "reattach-out");
    const child = h.spawn(["run", "etcd-10", "--out", out]);
    await h.waitFor(() => h.jobReads("etcd-10", "bench-initial") >= 2, "the follower to read the running Job", 180_000);
    expect(job.finishedAt).toBeUndefined();
    h.cloud.holdJobs.delete("etcd-10");
    const run = await child.result;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("bench Job bench-initial (sweep u1) is still running on etcd-10: following it");
    expect(run.stdout).toMatch(/bench Job bench-initial completed: 8 files from s3:\/\/hcpbench-results-fake\/results\/u1\/etcd-10\//);
    expect(job.finishedAt).toBeDefined();
    // No second bench up: the one Job was followed to its end.
    expect(h.operations("etcd-10")).toEqual(["up-bench"]);
    for (const p of ["c50/run-1", "c50/run-2", "c200/run-1", "c200/run-2"]) expect(fs.existsSync(path.join(out, "etcd-10", "create-list", p, "result.json")), p).toBe(true);
  }, slow);

  it("`run` whose Job fails downloads the points it finished and exits 1", async () => {
    expect((await h.run(["up", "etcd-10", ...setFlags([apiAccess, "bench.enabled=false"])])).code).toBe(0);
    const out = path.join(h.dir, "fail-out");
    const run = await h.run(["run", "etcd-10", "--profiles", "create-list", "--concurrency", "50", "--runs", "2", "--sweep-id", "f1", "--out", out], { FAKE_BENCH_POINTS_BEFORE_FAIL: "1" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/bench Job bench-r[a-z0-9]+ failed \(BackoffLimitExceeded: Job has reached the specified backoff limit\)/);
    expect(run.stderr).toContain("`hcpbench run etcd-10 --sweep-id f1` runs the missing ones");
    expect(fs.existsSync(path.join(out, "etcd-10", "create-list", "c50", "run-1", "result.json"))).toBe(true);
    expect(fs.existsSync(path.join(out, "etcd-10", "create-list", "c50", "run-2"))).toBe(false);
  }, slow);

  it("`run` on a stack that is not up is bad input", async () => {
    const r = await h.run(["run", "etcd-10"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("stack etcd-10: not up in file://");
    expect(r.stderr).toContain("hcpbench up etcd-10");
  });

  it("`destroy` of a stack with no state says so and succeeds", async () => {
    const r = await h.run(["destroy", "etcd-10"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("stack etcd-10 has no state");
  });

  it("`destroy` first adds this machine's new address (/32) to the EKS API allow-list, only when it changed", async () => {
    expect((await h.run(["up", "etcd-10", ...setFlags([apiAccess, "bench.enabled=false"])])).code).toBe(0);
    const same = await h.run(["destroy", "etcd-10"]);
    expect(same.code, same.stderr).toBe(0);
    expect(h.operations("etcd-10")).toEqual(["up-fleet", "destroy"]);

    expect((await h.run(["up", "etcd-10", ...setFlags([apiAccess, "bench.enabled=false"])])).code).toBe(0);
    h.cloud.publicIp = "203.0.113.9"; // the laptop moved: 198.51.100.7/32 no longer holds it
    const moved = await h.run(["destroy", "etcd-10"]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(h.operations("etcd-10")).toEqual(["up-fleet", "destroy", "up-fleet", "up-target", "destroy"]);
    const target = h.commands().find((c) => c.step === "up-target" && c.event === "done") as unknown as { targets: string[]; apiAccessCidrs: string[] };
    // pulumi-eks names the control plane `${name}-eksCluster` under its Cluster component ("eks", in the substrate).
    expect(target.targets).toEqual(["urn:pulumi:etcd-10::hcpbench::hcpbench:substrate:Aws$eks:index:Cluster$aws:eks/cluster:Cluster::eks-eksCluster"]);
    expect(target.apiAccessCidrs).toEqual(["198.51.100.7/32", "203.0.113.9/32"]);
    expect(moved.stdout).toContain("this machine is now 203.0.113.9, outside the EKS API allow-list (198.51.100.7/32)");
  }, 300_000);

  it("a failed destroy says how to retry and how to remove the stack by hand", async () => {
    expect((await h.run(["up", "etcd-10", ...setFlags([apiAccess, "bench.enabled=false"])])).code).toBe(0);
    const r = await h.run(["destroy", "etcd-10"], { FAKE_PULUMI_FAIL: "destroy" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("destroy of etcd-10 failed");
    expect(r.stderr).toContain("retry with: hcpbench destroy etcd-10");
    expect(r.stderr).toContain(`pulumi destroy -s etcd-10 --cwd ${h.project}`);
  }, 180_000);
});

describe("bad input and a missing CLI", () => {
  it("exits 2 on an unknown stack or a bad setting, running nothing", async () => {
    const a = await h.run(["up", "etcd-11", "--set", apiAccess]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('stack "etcd-11": unknown');
    const b = await h.run(["up", "etcd-10", "--set", apiAccess, "--set", "fleet.backend=zookeeper"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("hcpbench:fleet.backend: must be one of");
    const c = await h.run(["run", "etcd-10", "--profiles", "create-list,bogus"]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("--profiles: must be one of");
    expect(h.commands()).toEqual([]);
  });

  it("exits 2 before Pulumi runs when the account (stand-in) lacks the vCPU quota or puts aws.az in a zone EKS does not support", async () => {
    h.cloud.account.quotas["L-1216C47A"] = 32; // an etcd stack needs 1 x c5.4xlarge + 3 x m5.4xlarge = 64 vCPUs
    const a = await h.run(["up", "etcd-10", "--set", apiAccess]);
    expect(a.code).toBe(2);
    // One line from hcpbench (on Node < 22 the SDK adds its own version warning above it).
    expect(a.stderr.split("\n").filter((l) => l.startsWith("hcpbench:"))).toEqual([expect.stringContaining("stack etcd-10: needs 64 On-Demand vCPUs")]);
    h.cloud.account.quotas["L-1216C47A"] = 64;
    h.cloud.account.zones[0] = { name: "us-east-1a", id: "use1-az3" };
    const b = await h.run(["up", "etcd-10", "--set", apiAccess]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("hcpbench:aws.az: us-east-1a is zone use1-az3, where EKS cannot place a control plane");
    expect(b.stderr).not.toMatch(/\n\s+at /);
    expect(h.commands()).toEqual([]);
  });

  it("refuses, before Pulumi updates anything, a change of replicas on a running kine-nats-embedded stack", async () => {
    // k0smotron's webhook (ValidateClusterSpecUpdate, k0smotroncluster_webhook.go) refuses a replicas change for
    // embedded NATS storage once the Cluster exists; the up would fail halfway through the fleet.
    const up = await h.run(["up", "kine-nats-embedded-10", ...setFlags([apiAccess, "bench.enabled=false", "fleet.replicas=3"])]);
    expect(up.code, up.stderr).toBe(0);
    const change = await h.run(["up", "kine-nats-embedded-10", ...setFlags([apiAccess, "bench.enabled=false", "fleet.replicas=1"])]);
    expect(change.code).toBe(2);
    expect(change.stderr.split("\n").filter((l) => l.startsWith("hcpbench:"))).toEqual([
      expect.stringMatching(/^hcpbench: hcpbench:fleet\.replicas: stack kine-nats-embedded-10 is up with 3 replica\(s\) per HCP.*keep --set fleet\.replicas=3, or run hcpbench destroy kine-nats-embedded-10 first \(got 1\)$/),
    ]);
    expect(h.operations("kine-nats-embedded-10")).toEqual(["up-fleet"]);
  }, 300_000);

  it("exits 1 with install instructions when the pulumi CLI is missing", async () => {
    const r = await h.run(["up", "etcd-10", "--set", apiAccess], { HCPBENCH_PULUMI_ROOT: path.join(h.dir, "no-pulumi") });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the pulumi CLI is needed");
    expect(r.stderr).toContain("curl -fsSL https://get.pulumi.com | sh");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
