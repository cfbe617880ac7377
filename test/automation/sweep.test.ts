import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Harness, apiAccess, repoRoot, setFlags, smallMatrix } from "./harness";

/**
 * `hcpbench sweep` driven end to end against the fake pulumi CLI and a fake
 * cloud (S3 + API servers): the real CLI runs as a child process.
 */
let h: Harness;
beforeEach(async () => {
  h = await new Harness().start();
});
afterEach(async () => {
  await h.stop();
});

const sweepArgs = (stacks: string[], sweepId: string, extra: string[] = []) => ["sweep", ...stacks, "--sweep-id", sweepId, "--out", path.join(h.out, sweepId), ...setFlags([apiAccess, ...smallMatrix]), ...extra];
const sweep = (stacks: string[], sweepId: string, extra: string[] = [], env: Record<string, string> = {}) => h.run(sweepArgs(stacks, sweepId, extra), env);
/** The CLI runs as a child process, several times per test, on a shared 2-core machine. */
const slow = 240_000;

describe("a sweep", () => {
  it("brings each stack up without the bench, captures capacity, runs the bench, collects, destroys; settings never touch the committed files", async () => {
    // Each Job stays running until the sweep has read it twice.
    for (const stack of ["etcd-10", "kine-postgres-10"]) h.cloud.holdJobs.add(stack);
    const child = h.spawn(sweepArgs(["etcd-10", "kine-postgres-10"], "s1", ["--parallel", "2"]));
    const release = setInterval(() => {
      for (const j of h.cloud.jobs.values()) if (h.jobReads(j.stack, String(j.job.metadata.name)) >= 2) h.cloud.holdJobs.delete(j.stack);
    }, 100);
    const r = await child.result;
    clearInterval(release);
    expect(r.code, r.stderr).toBe(0);
    for (const stack of ["etcd-10", "kine-postgres-10"]) {
      expect(h.operations(stack)).toEqual(["preview", "up-fleet", "up-bench", "destroy"]);
      const local = path.join(h.out, "s1", stack);
      for (const p of ["c50/run-1", "c50/run-2", "c200/run-1", "c200/run-2"]) {
        expect(fs.existsSync(path.join(local, "create-list", p, "result.json")), `${stack} ${p}`).toBe(true);
      }
      const capacity = JSON.parse(fs.readFileSync(path.join(local, "capacity", "run-1", "capacity.json"), "utf8"));
      expect(capacity).toMatchObject({ stack, hcpCount: 2, readiness: { hcps: 2, ready: 2, p50: 20.5 } });
      expect(fs.readFileSync(path.join(local, "capacity", "run-1", "scale.csv"), "utf8")).toMatch(/^timestamp,storage_name,cluster_count,/);
      expect(JSON.parse(fs.readFileSync(path.join(local, "stack.json"), "utf8"))).toMatchObject({ stack, hcpCount: 2, replicas: 1 });
      // The capacity capture is also in the bucket, beside the Job's results.
      expect(fs.existsSync(path.join(h.cloud.bucketDir, "hcpbench-results-fake", "results", "s1", stack, "capacity", "run-1", "capacity.json"))).toBe(true);
    }
    // The fleet up runs with the bench off, the bench up with it on, both in this sweep.
    const begins = h.commands().filter((c) => c.event === "begin" && c.stack === "etcd-10");
    expect(begins.map((b) => [b.step, b.sweepId])).toEqual([["up-fleet", "s1"], ["up-bench", "s1"]]);
    expect(begins[1].runToken).toMatch(/^s[a-z0-9]+$/);

    // The committed stack files are byte for byte what the repository holds; the run's settings and
    // the salt Pulumi wrote on `stack init` are in the generated config file under the hcpbench home.
    for (const stack of ["etcd-10", "kine-postgres-10"]) {
      expect(fs.readFileSync(path.join(h.project, "stacks", `Pulumi.${stack}.yaml`), "utf8")).toBe(fs.readFileSync(path.join(repoRoot, "stacks", `Pulumi.${stack}.yaml`), "utf8"));
      const runFile = fs.readFileSync(path.join(h.home, "config", `Pulumi.${stack}.yaml`), "utf8");
      expect(runFile).toContain("encryptionsalt: v1:");
      expect(runFile).toContain("sweepId: s1");
    }
    const ups = h.commands().filter((c) => c.event === "start" && c.step === "up");
    expect(ups.every((c) => c.configFile === path.join(h.home, "config", `Pulumi.${c.stack}.yaml`))).toBe(true);

    // Every step is in the sweep log with its duration.
    const log = h.sweepLog("s1");
    for (const step of ["preview", "up-fleet", "capacity", "bench", "follow", "collect", "destroy"]) {
      const done = log.find((e) => e.stack === "etcd-10" && e.step === step && e.event === "done");
      expect(done?.seconds, step).toBeGreaterThanOrEqual(0);
    }
    expect(log[log.length - 1]).toMatchObject({ step: "sweep", event: "done" });

    // The bench up ended before its Job did; the follow saw the Job complete; collecting came after.
    for (const stack of ["etcd-10", "kine-postgres-10"]) {
      const at = (step: string, event: string) => Date.parse(log.find((e) => e.stack === stack && e.step === step && e.event === event)!.time);
      const job = [...h.cloud.jobs.values()].find((j) => j.stack === stack)!;
      expect(at("bench", "done")).toBeLessThan(job.finishedAt!);
      expect(job.finishedAt!).toBeLessThanOrEqual(at("follow", "done"));
      expect(at("follow", "done")).toBeLessThanOrEqual(at("collect", "start"));
      expect(log.find((e) => e.stack === stack && e.step === "follow" && e.event === "done")?.detail).toMatchObject({ outcome: "complete" });
    }
  }, slow);

  it("passes the local state backend and a generated passphrase file (mode 600) to every command", async () => {
    const r = await sweep(["etcd-10"], "s2");
    expect(r.code, r.stderr).toBe(0);
    const passFile = path.join(h.home, "passphrase");
    expect(fs.statSync(passFile).mode & 0o777).toBe(0o600);
    // `version` runs before the workspace exists and needs neither.
    const cmds = h.commands().filter((c) => c.event === "start" && c.step !== "version");
    expect(cmds.length).toBeGreaterThan(5);
    for (const c of cmds) {
      expect(c.env.PULUMI_BACKEND_URL).toBe(`file://${path.join(h.home, "state")}`);
      expect(c.env.PULUMI_CONFIG_PASSPHRASE_FILE).toBe(passFile);
    }
    // The passphrase never appears in the logs hcpbench writes.
    const secret = fs.readFileSync(passFile, "utf8").trim();
    for (const f of [h.log, path.join(h.out, "s2", "sweep.log.jsonl")]) expect(fs.readFileSync(f, "utf8")).not.toContain(secret);
  });

  it("uses --state and the user's own passphrase when given", async () => {
    const state = path.join(h.dir, "elsewhere");
    const r = await sweep(["etcd-10"], "s3", ["--state", state], { PULUMI_CONFIG_PASSPHRASE: "correct horse" });
    expect(r.code, r.stderr).toBe(0);
    const cmds = h.commands().filter((c) => c.event === "start" && c.step !== "version");
    expect(new Set(cmds.map((c) => c.env.PULUMI_BACKEND_URL))).toEqual(new Set([`file://${state}`]));
    expect(cmds.every((c) => c.env.PULUMI_CONFIG_PASSPHRASE === "(set)" && c.env.PULUMI_CONFIG_PASSPHRASE_FILE === undefined)).toBe(true);
    expect(fs.existsSync(path.join(h.home, "passphrase"))).toBe(false);
  });
});

describe("destroy always follows an up", () => {
  const cases: { name: string; fail: Record<string, string>; api?: boolean; ops: string[]; code: number }[] = [
    { name: "preview fails: nothing was created, nothing to destroy", fail: { FAKE_PULUMI_FAIL: "preview" }, ops: ["preview"], code: 1 },
    { name: "the fleet up fails", fail: { FAKE_PULUMI_FAIL: "up-fleet" }, ops: ["preview", "up-fleet", "destroy"], code: 1 },
    { name: "reading the outputs fails", fail: { FAKE_PULUMI_FAIL: "output" }, ops: ["preview", "up-fleet", "destroy"], code: 1 },
    { name: "the capacity capture fails (the bench still runs)", fail: {}, api: true, ops: ["preview", "up-fleet", "up-bench", "destroy"], code: 1 },
    { name: "the bench up fails", fail: { FAKE_PULUMI_FAIL: "up-bench" }, ops: ["preview", "up-fleet", "up-bench", "destroy"], code: 1 },
    { name: "the bench Job fails after the up returned", fail: { FAKE_BENCH_POINTS_BEFORE_FAIL: "1" }, ops: ["preview", "up-fleet", "up-bench", "destroy"], code: 1 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      if (c.api) h.cloud.failingApis.add("etcd-10");
      const r = await sweep(["etcd-10"], "f1", [], c.fail);
      expect(r.code, r.stderr).toBe(c.code);
      expect(h.operations("etcd-10")).toEqual(c.ops);
      if (c.ops.includes("destroy")) expect(h.events("etcd-10", "destroy").some((e) => e.event === "done")).toBe(true);
      expect(r.stdout).toMatch(/etcd-10: failed/);
    }, slow);
  }

  it("a failed Job is reported, its finished points collected, and the stack destroyed", async () => {
    const r = await sweep(["etcd-10"], "f4", [], { FAKE_BENCH_POINTS_BEFORE_FAIL: "1" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/etcd-10: failed \(bench: bench Job bench-s[a-z0-9]+ failed \(BackoffLimitExceeded: Job has reached the specified backoff limit\)/);
    expect(fs.existsSync(path.join(h.out, "f4", "etcd-10", "create-list", "c50", "run-1", "result.json"))).toBe(true);
    expect(h.sweepLog("f4").find((e) => e.step === "follow" && e.event === "done")?.detail).toMatchObject({ outcome: "failed", reason: "BackoffLimitExceeded" });
    expect(h.events("etcd-10", "destroy").some((e) => e.event === "done")).toBe(true);
  }, slow);

  it("a stack that fails does not stop the next one, and each is destroyed", async () => {
    const r = await sweep(["etcd-10", "kine-mysql-10"], "f2", [], { FAKE_PULUMI_FAIL: "up-bench@etcd-10" });
    expect(r.code).toBe(1);
    expect(h.operations("etcd-10")).toEqual(["preview", "up-fleet", "up-bench", "destroy"]);
    expect(h.operations("kine-mysql-10")).toEqual(["preview", "up-fleet", "up-bench", "destroy"]);
    expect(r.stdout).toContain("kine-mysql-10: done");
  });

  it("reports a stack whose destroy failed, with the commands that remove it", async () => {
    const r = await sweep(["etcd-10", "kine-mysql-10"], "f3", [], { FAKE_PULUMI_FAIL: "destroy@etcd-10" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("1 stack(s) could not be destroyed and may still cost money");
    expect(r.stderr).toContain("etcd-10: error: destroy failed");
    expect(r.stderr).toContain("retry: hcpbench destroy etcd-10");
    expect(r.stderr).toContain(
      `by hand: PULUMI_BACKEND_URL=file://${path.join(h.home, "state")} PULUMI_CONFIG_PASSPHRASE_FILE=${path.join(h.home, "passphrase")} pulumi destroy -s etcd-10 --cwd ${h.project} --config-file ${path.join(h.home, "config", "Pulumi.etcd-10.yaml")}`,
    );
    expect(r.stderr).not.toContain("kine-mysql-10:");
  });

  it("on Ctrl-C mid-up: the up is cancelled once, gracefully, then destroyed; a second Ctrl-C does not stop the destroy", async () => {
    const child = h.spawn(["sweep", "etcd-10", "--sweep-id", "c1", "--out", path.join(h.out, "c1"), ...setFlags([apiAccess, ...smallMatrix])], {
      FAKE_PULUMI_HANG: "up-fleet",
      FAKE_PULUMI_DELAY: "destroy:2500",
    });
    await h.waitFor(() => h.events("etcd-10", "up-fleet").some((e) => e.event === "hanging"), "the up to hang");
    child.kill("SIGINT");
    await h.waitFor(() => h.events("etcd-10", "destroy").some((e) => e.event === "start"), "the destroy to start");
    child.kill("SIGINT");
    child.kill("SIGTERM");
    const r = await child.result;
    expect(r.code).toBe(130);
    // Pulumi got exactly one SIGINT (its graceful cancel), through the shim that keeps it in its own session.
    expect(h.events("etcd-10", "up-fleet").filter((e) => e.event === "cancelled").map((e) => e.signal)).toEqual(["SIGINT"]);
    expect(h.operations("etcd-10")).toEqual(["preview", "up-fleet", "destroy"]);
    expect(h.events("etcd-10", "destroy").map((e) => e.event)).toEqual(["start", "done"]);
    expect(r.stderr).toContain("every stack that was brought up is destroyed before hcpbench exits");
    expect(r.stderr).toContain("destroys are running and are not interrupted");
    const log = h.sweepLog("c1");
    expect(log.find((e) => e.step === "up-fleet" && e.event !== "start")?.event).toBe("cancelled");
    expect(log.find((e) => e.step === "destroy" && e.event === "done")).toBeDefined();
  });
});

describe("a resumed sweep", () => {
  it("follows again a bench Job left running by a sweep that was killed, without bringing the stack up again", async () => {
    h.cloud.holdJobs.add("etcd-10");
    const first = h.spawn(sweepArgs(["etcd-10"], "k1"));
    await h.waitFor(() => fs.existsSync(path.join(h.out, "k1", "sweep.log.jsonl")) && h.sweepLog("k1").some((e) => e.step === "follow" && e.event === "start"), "the follow to start", 180_000);
    first.kill("SIGKILL");
    await first.result;
    const opsBefore = h.operations("etcd-10");
    expect(opsBefore).toEqual(["preview", "up-fleet", "up-bench"]);
    const [job] = [...h.cloud.jobs.values()];
    expect(job.finishedAt).toBeUndefined();

    const reads = h.jobReads("etcd-10", String(job.job.metadata.name));
    const secondRun = h.spawn(sweepArgs(["etcd-10"], "k1"));
    await h.waitFor(() => h.jobReads("etcd-10", String(job.job.metadata.name)) >= reads + 2, "the second sweep to read the Job", 180_000);
    h.cloud.holdJobs.delete("etcd-10");
    const second = await secondRun.result;
    expect(second.code, second.stderr).toBe(0);
    // No preview, no up: the running Job was followed, its results collected, then the stack destroyed.
    expect(h.operations("etcd-10")).toEqual([...opsBefore, "destroy"]);
    expect(h.sweepLog("k1").find((e) => e.step === "bench" && e.event === "skipped")?.detail).toMatchObject({ job: job.job.metadata.name });
    for (const p of ["c50/run-1", "c50/run-2", "c200/run-1", "c200/run-2"]) expect(fs.existsSync(path.join(h.out, "k1", "etcd-10", "create-list", p, "result.json")), p).toBe(true);
  }, slow);

  it("reruns a point the Job left partial, as the Job's resume does, and skips the complete one", async () => {
    const bucketGoes = { FAKE_DESTROY_DELETES_BUCKET: "1" };
    const first = await sweep(["etcd-10"], "p1", [], { ...bucketGoes, FAKE_BENCH_POINTS_BEFORE_FAIL: "2", FAKE_BENCH_PARTIAL_POINTS: "create-list/c50/run-2" });
    expect(first.code).toBe(1);
    const second = await sweep(["etcd-10"], "p1", [], bucketGoes);
    expect(second.code, second.stderr).toBe(0);
    const benches = h.events("etcd-10", "up-bench").filter((e) => e.event === "bench");
    expect(benches[1].skipped).toEqual(["create-list/c50/run-1"]);
    expect(benches[1].written).toEqual(["create-list/c50/run-2", "create-list/c200/run-1", "create-list/c200/run-2"]);
  }, slow);

  it("skips finished points (even after the bucket went with the stack) and then whole stacks", async () => {
    const bucketGoes = { FAKE_DESTROY_DELETES_BUCKET: "1" };
    const first = await sweep(["etcd-10"], "r1", [], { ...bucketGoes, FAKE_BENCH_POINTS_BEFORE_FAIL: "2" });
    expect(first.code).toBe(1);
    const firstBench = h.events("etcd-10", "up-bench").find((e) => e.event === "bench");
    expect(firstBench?.written).toEqual(["create-list/c50/run-1", "create-list/c50/run-2"]);
    expect(h.operations("etcd-10")).toEqual(["preview", "up-fleet", "up-bench", "destroy"]);

    const second = await sweep(["etcd-10"], "r1", [], bucketGoes);
    expect(second.code, second.stderr).toBe(0);
    const benches = h.events("etcd-10", "up-bench").filter((e) => e.event === "bench");
    // The two finished points were put back into the new bucket, so the Job skipped them.
    expect(benches[1].skipped).toEqual(["create-list/c50/run-1", "create-list/c50/run-2"]);
    expect(benches[1].written).toEqual(["create-list/c200/run-1", "create-list/c200/run-2"]);
    expect(h.sweepLog("r1").some((e) => e.step === "capacity" && e.event === "skipped")).toBe(true);

    const before = h.commands().length;
    const third = await sweep(["etcd-10"], "r1", [], bucketGoes);
    expect(third.code, third.stderr).toBe(0);
    expect(h.commands().slice(before).filter((c) => c.step === "up" || c.step === "preview" || c.step === "destroy")).toEqual([]);
    expect(h.sweepLog("r1").some((e) => e.stack === "etcd-10" && e.step === "stack" && e.event === "skipped")).toBe(true);
  }, slow);
});

describe("sweep --dry-run and bad input", () => {
  it("prints time and cost for every stack and creates nothing", async () => {
    const r = await h.run(["sweep", "etcd-10", "kamaji-nats-100", "--dry-run", "--parallel", "2", ...setFlags([apiAccess])]);
    expect(r.code, r.stderr).toBe(0);
    expect(h.commands()).toEqual([]);
    expect(fs.existsSync(path.join(h.home, "state"))).toBe(false);
    expect(r.stdout).toMatch(/^etcd-10\s+10\s+24\s/m);
    expect(r.stdout).toMatch(/^kamaji-nats-100\s+100\s+24\s/m);
    expect(r.stdout).toMatch(/2 of 2 stacks to run, 2 at a time: about \S+ wall time, [\d.]+ stack-hours, about \$\d+\.\d\d on-demand/);
  });

  it("refuses unknown stacks and bad settings with exit 2 before running anything", async () => {
    const r = await h.run(["sweep", "etcd-10", "nope-10", "--set", "fleet.count=0", "--set", apiAccess]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('hcpbench: stack "nope-10": unknown; known stacks:');
    expect(r.stderr).toContain("hcpbench: hcpbench:fleet.count: must be at least 1 (got 0)");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(h.commands()).toEqual([]);
  });

  it("refuses an AWS stack without an API allow-list, saying how to add one", async () => {
    const r = await h.run(["sweep", "etcd-10"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--set aws.apiAccessCidrs=[<your-ip>/32]");
    expect(h.commands()).toEqual([]);
  });

  it("refuses a bad --sweep-id and --parallel", async () => {
    const a = await h.run(["sweep", "etcd-10", "--sweep-id", "../x", "--set", apiAccess]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("--sweep-id: must start with a letter or digit");
    const b = await h.run(["sweep", "etcd-10", "--parallel", "0", "--set", apiAccess]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("--parallel: must be a whole number from 1 to 20");
    expect(h.commands()).toEqual([]);
  });
});
