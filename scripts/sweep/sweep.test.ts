import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../infra/config/stackFiles";
import { estimateHourlyCostFromConfig } from "../../infra/cost/estimate";
import type { BenchJobApi } from "../automation/benchJobFollower";
import type { StackOutputs } from "../automation/stackOutputs";
import type { CapacityResult } from "../capacity/capacityResult";
import { PublishedReference } from "../report/publishedReference";
import { LocalResultsStore } from "../results/resultsStore";
import { estimateStack, formatDuration, modelConstants, wallTime } from "./durationModel";
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
    const plan = planSweep({ sweepId: "s", parallel: 2, reference: ref, stacks: [{ stack: "etcd-10", cfg: a, alreadyDone: false }, { stack: "kine-postgres-50", cfg: b, alreadyDone: true }] });
    const hours = estimateStack(a, ref).totalS / 3600;
    expect(plan.costUsd).toBeCloseTo(estimateHourlyCostFromConfig(a).hourlyUsd * hours, 9);
    expect(plan.costUsd).toBeGreaterThan(0);
    expect(plan.wallS).toBeCloseTo(estimateStack(a, ref).totalS, 9);
    const text = renderSweepPlan(plan);
    expect(text).toMatch(/^kine-postgres-50\s+50\s+24\s+-\s+-\s+-\s+done\s+\$\d+\.\d\d\s+\$0\.00$/m);
    expect(text).toContain("1 of 2 stacks to run, 2 at a time");
  });
});

describe("SweepEta", () => {
  it("counts down as steps finish, spread over the lanes", () => {
    let now = 0;
    const est = estimateStack(cfg("etcd", 10), ref);
    const eta = new SweepEta(new Map([["a", est], ["b", est]]), 2, () => now);
    expect(eta.remainingS()).toBeCloseTo(est.totalS, 6);
    eta.stepStarted("a", "up-fleet");
    now = 60_000;
    expect(eta.remainingS()).toBeCloseTo(est.totalS - 30, 6);
    eta.stackDone("a");
    expect(eta.remainingS()).toBeCloseTo(est.totalS / 2, 6);
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
