import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../infra/config/stackFiles";
import type { BenchJobApi } from "../automation/benchJobFollower";
import type { StackOutputs } from "../automation/stackOutputs";
import type { CapacityResult } from "../capacity/capacityResult";
import { PublishedReference } from "../report/publishedReference";
import { LocalResultsStore } from "../results/resultsStore";
import { estimateStack, formatDuration, modelConstants, wallTime, type StackEstimate } from "./durationModel";
import { runStackPipeline, type PipelineDeps, type StackOps } from "./stackPipeline";
import { SweepLog } from "./sweepLog";
import { planSweep, renderSweepPlan } from "./sweepPlan";
import { SweepEta } from "./sweepRunner";

const ref = PublishedReference.load();
const cfg = (backend: string, count: number, extra: Record<string, unknown> = {}) => parseConfig({ fleet: { backend, count }, ...extra });

describe("duration model", () => {
  it("uses published readiness and throughput where known and the documented fallback otherwise", () => {
    const etcd = estimateStack(cfg("etcd", 100), ref);
    const fleet = etcd.steps.find((s) => s.step === "up-fleet")!.seconds;
    // 21 min substrate + 10 waves x 22.5 s (published p50 at 100) + (80.2 - 22.5) s tail.
    expect(fleet).toBeCloseTo(21 * 60 + 10 * 22.5 + (80.2 - 22.5), 6);
    const kamaji = estimateStack(cfg("kamaji-etcd", 100), ref).steps.find((s) => s.step === "up-fleet")!.seconds;
    expect(kamaji).toBeCloseTo(21 * 60 + 10 * modelConstants.fallbackReadyP50S + (modelConstants.fallbackReadyP99S - modelConstants.fallbackReadyP50S), 6);
    expect(etcd.points).toBe(2 * 4 * 3);
    // kine-sqlite writes 14/s at 1000 clients in the write-up: its bench takes far longer than etcd's.
    const bench = (b: string) => estimateStack(cfg(b, 10), ref).steps.find((s) => s.step === "bench")!.seconds;
    expect(bench("kine-sqlite")).toBeGreaterThan(5 * bench("etcd"));
    expect(estimateStack(cfg("etcd", 10, { bench: { enabled: false } }), ref).steps.find((s) => s.step === "bench")!.seconds).toBe(0);
  });

  it("schedules stacks on lanes as they free up", () => {
    expect(wallTime([10, 10, 10], 1)).toBe(30);
    expect(wallTime([10, 10, 10], 2)).toBe(20);
    expect(wallTime([30, 10, 10, 10], 2)).toBe(30);
    expect(formatDuration(3725)).toBe("1h02m");
    expect(formatDuration(61)).toBe("1m01s");
  });
});

describe("planSweep", () => {
  it("prices each stack at its hourly cost over its modelled hours, and skips finished ones", () => {
    const a = cfg("etcd", 10);
    const b = cfg("kine-postgres", 50);
    const stacks = [{ stack: "etcd-10", cfg: a, alreadyDone: false }, { stack: "kine-postgres-50", cfg: b, alreadyDone: true }];
    // On 2026-06-01 EKS 1.33 is in standard support (until 2026-07-29).
    const plan = planSweep({ sweepId: "s", parallel: 2, reference: ref, stacks, at: new Date("2026-06-01T00:00:00Z") });
    // etcd-10 per hour, hand-worked from the us-east-1 list prices: EKS 0.10 + c5.4xlarge 0.68 + 3 x m5.4xlarge 0.768 (2.304)
    // + NAT 0.045 + IPv4 0.005 = 3.134; gp3 (100 control + 3 x 250 hcp + 50 Prometheus) = 900 GB x 0.08 = 72 + KMS 1
    // = 73 $/month / 730 = 0.10; total 3.234 $/h.
    const hours = estimateStack(a, ref).totalS / 3600;
    expect(plan.costUsd).toBeCloseTo(3.234 * hours, 9);
    // On 2026-11-30 it is in extended support: the control plane costs 0.60 $/h instead of 0.10.
    expect(planSweep({ sweepId: "s", parallel: 2, reference: ref, stacks, at: new Date("2026-11-30T00:00:00Z") }).costUsd).toBeCloseTo(3.734 * hours, 9);
    // Only etcd-10 runs: its stack hours are the sweep's, on one of the two lanes.
    expect(plan.stackHours).toBeCloseTo(hours, 9);
    expect(plan.wallS).toBeCloseTo(hours * 3600, 9);
    const text = renderSweepPlan(plan);
    expect(text).toMatch(/^etcd-10\s+10\s+24\s.*\$3\.23\s+\$\d+\.\d\d$/m);
    expect(text).toMatch(/^kine-postgres-50\s+50\s+24\s+-\s+-\s+-\s+done\s+\$\d+\.\d\d\s+\$0\.00$/m);
    expect(text).toContain("1 of 2 stacks to run, 2 at a time");
  });
});

describe("SweepEta", () => {
  // Two stacks of 1,000 s each (up-fleet 400, bench 500, destroy 100) on two lanes.
  const est: StackEstimate = { steps: [{ step: "up-fleet", seconds: 400 }, { step: "bench", seconds: 500 }, { step: "destroy", seconds: 100 }], totalS: 1000, points: 24 };

  it("counts down as steps finish, spread over the lanes (hand-worked)", () => {
    let now = 0;
    const eta = new SweepEta(new Map([["a", est], ["b", est]]), 2, () => now);
    // Nothing started: (1,000 + 1,000) / 2 lanes = 1,000 s.
    expect(eta.remainingS()).toBe(1000);
    eta.stepStarted("a", "up-fleet");
    now = 60_000;
    // a: up-fleet 400 - 60 = 340 + 500 + 100 = 940; b: 1,000; (940 + 1,000) / 2 = 970 s.
    expect(eta.remainingS()).toBe(970);
    // a's up-fleet overruns its 400 s: it counts for 10% of its estimate (40 s) until it ends.
    now = 500_000;
    expect(eta.remainingS()).toBe((40 + 500 + 100 + 1000) / 2);
    eta.stepStarted("a", "bench");
    // up-fleet done; bench just started: 500 + 100 + 1,000 = 1,600 / 2 = 800 s.
    expect(eta.remainingS()).toBe(800);
    eta.stackDone("a");
    // Only b is left; one stack uses one lane: 1,000 s.
    expect(eta.remainingS()).toBe(1000);
  });
});

/** The pipeline with in-memory Pulumi, bucket and capture: which operations run after a failure at each step. */
describe("runStackPipeline", () => {
  const outputs: StackOutputs = {
    backend: "etcd", hcpCount: 2, kubeconfig: "{}", hcps: [], benchJobs: [],
    results: { kind: "s3", bucket: "b", prefix: "results", region: "us-east-1", endpoint: "", sweepId: "s" },
  };
  function world(failAt?: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-pipe-"));
    const calls: string[] = [];
    const remote = new LocalResultsStore(path.join(dir, "bucket"));
    const controller = new AbortController();
    const maybeFail = (what: string) => {
      calls.push(what);
      if (failAt === what) throw new Error(`error: ${what} broke`);
    };
    let ups = 0;
    const ops: StackOps = {
      configure: () => calls.push("configure"),
      preview: async () => maybeFail("preview"),
      up: async () => {
        ups++;
        maybeFail(ups === 1 ? "up-fleet" : "up-bench");
        if (ups === 2) for (const p of ["c50/run-1", "c50/run-2"]) await remote.put(`create-list/${p}/result.json`, '{"partial":false}');
        return { ...outputs, benchJobs: ups === 2 ? ["bench-t1"] : [] };
      },
      outputs: async () => undefined,
      destroy: async () => maybeFail("destroy"),
    };
    // An in-memory stand-in for the Job's API: the Job has ended when first read, Complete or (failAt "job") Failed.
    const jobs: BenchJobApi = {
      read: async (namespace, name) => {
        calls.push("follow");
        const [type, reason] = failAt === "job" ? ["Failed", "BackoffLimitExceeded"] : ["Complete", "CompletionsReached"];
        return { name, namespace, active: 0, succeeded: type === "Complete" ? 1 : 0, failed: type === "Failed" ? 1 : 0, conditions: [{ type, status: "True", reason }] };
      },
      list: async () => [],
    };
    const deps: PipelineDeps = {
      sweepId: "s", overrides: [], runToken: "t1", log: new SweepLog(dir, "s"), signal: controller.signal,
      settings: (stack, overrides) => {
        const raw = { fleet: { backend: "etcd", count: 2 }, bench: { profiles: ["create-list"], concurrency: [50], runs: 2 } };
        return { stack, raw, cfg: parseConfig({ ...raw, results: { sweepId: "s" }, bench: { ...raw.bench, enabled: overrides.includes("bench.enabled=true") } }) };
      },
      openStack: async () => ops,
      openBucket: async () => ({ store: remote, close: async () => undefined }),
      captureCapacity: async () => {
        maybeFail("capacity");
        return { schemaVersion: 1, hcp: { cpuM: { units: {} }, memMi: { units: {} } }, readiness: { notReady: [] }, operator: {}, managementApiserver: {}, workers: {}, perHcp: {}, noData: [] } as unknown as CapacityResult;
      },
      localStore: () => new LocalResultsStore(path.join(dir, "local")),
      pulumiOutput: () => () => undefined,
      openJobs: async () => jobs,
    };
    return { calls, deps, controller };
  }

  const expectations: [string | undefined, string[], string][] = [
    [undefined, ["preview", "up-fleet", "capacity", "configure", "up-bench", "follow", "destroy"], "done"],
    ["preview", ["preview"], "failed"],
    ["up-fleet", ["preview", "up-fleet", "destroy"], "failed"],
    ["capacity", ["preview", "up-fleet", "capacity", "configure", "up-bench", "follow", "destroy"], "failed"],
    ["up-bench", ["preview", "up-fleet", "capacity", "configure", "up-bench", "destroy"], "failed"],
    ["job", ["preview", "up-fleet", "capacity", "configure", "up-bench", "follow", "destroy"], "failed"],
  ];
  for (const [failAt, calls, status] of expectations) {
    it(`${failAt ? `failure at ${failAt}` : "no failure"}: ${calls.join(" -> ")}`, async () => {
      const w = world(failAt);
      const outcome = await runStackPipeline("etcd-10", w.deps);
      expect(w.calls).toEqual(calls);
      expect(outcome.status).toBe(status);
      expect(outcome.destroy).toBe(calls.includes("destroy") ? "destroyed" : "not-needed");
    });
  }

  it("a failing destroy is reported, not thrown", async () => {
    const w = world("destroy");
    const outcome = await runStackPipeline("etcd-10", w.deps);
    expect(outcome).toMatchObject({ status: "done", destroy: "failed", destroyError: "error: destroy broke" });
  });

  it("a cancel between steps stops the stack and still destroys it", async () => {
    const w = world();
    const capture = w.deps.captureCapacity;
    const deps = { ...w.deps, captureCapacity: async (...a: Parameters<typeof capture>) => { w.controller.abort(); return capture(...a); } };
    const outcome = await runStackPipeline("etcd-10", deps);
    expect(w.calls).toEqual(["preview", "up-fleet", "capacity", "destroy"]);
    expect(outcome).toMatchObject({ status: "cancelled", destroy: "destroyed" });
  });
});
