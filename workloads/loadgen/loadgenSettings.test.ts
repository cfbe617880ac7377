import { describe, expect, it } from "vitest";
import { isInputError } from "../../infra/names/inputError";
import type { LoadgenOptions } from "./loadgenOptions";
import { resolveSettings } from "./loadgenSettings";

const etcd = { kind: "etcd", endpoint: "http://127.0.0.1:2379" } as const;

function problems(opts: LoadgenOptions): readonly string[] {
  try {
    resolveSettings(opts);
  } catch (err) {
    if (isInputError(err)) return err.problems;
    throw err;
  }
  return [];
}

describe("resolveSettings", () => {
  it("fills each profile's defaults", () => {
    expect(resolveSettings({ target: etcd, profile: "light" }).settings).toMatchObject({ ops: 500, concurrency: 10, warmup: 50, lists: 10, requestTimeoutMs: 30_000, phaseTimeoutMs: 300_000, namespace: "load-test" });
    expect(resolveSettings({ target: etcd, profile: "watch-churn" }).settings).toMatchObject({ ops: 10_000, watchers: 25 });
    expect(resolveSettings({ target: etcd, profile: "create-list" }).settings.rate).toBeUndefined();
    expect(resolveSettings({ target: [etcd, etcd], profile: "mixed-hot" }).settings).toMatchObject({ rate: 20, hotFraction: 0.1, readFraction: 0.5 });
  });

  it("reports every bad option at once, one line each, naming the flag", () => {
    const lines = problems({ target: [etcd, etcd], profile: "create-list", ops: 0, concurrency: -3, rate: 0, readFraction: 2, namespace: "Load_Test", qps: 10, warmup: 1.5 });
    expect(lines).toEqual([
      "--target: profile create-list takes one target (got 2); mixed-hot and mixed-uniform take several",
      "--ops: must be a whole number, 1 or more (got 0)",
      "--concurrency: must be a whole number, 1 or more (got -3)",
      '--namespace: must be a DNS label (lower-case letters, digits, "-"; got "Load_Test")',
      "--qps/--burst: give both, or neither (client-side rate limiting stays off)",
      "--warmup: must be a whole number, 0 or more (got 1.5)",
      "--rate: must be a number above 0 (got 0)",
      "--read-fraction: must be a fraction from 0 to 1 (got 2)",
    ]);
  });

  it("cold tenants: only mixed-hot, a rate above 0 and at most the hot rate, and at least one cold HCP", () => {
    const three = [etcd, etcd, etcd];
    expect(problems({ target: three, profile: "mixed-hot", rate: 100, coldRate: 10, hotFraction: 0.3 })).toEqual([]);
    expect(problems({ target: three, profile: "mixed-uniform", rate: 100, coldRate: 10 })).toEqual(["--cold-rate: only mixed-hot has cold tenants (got profile mixed-uniform)"]);
    expect(problems({ target: three, profile: "mixed-hot", rate: 100, coldRate: 150 })).toEqual(["--cold-rate: tenant rate out of range: must be above 0 and at most the hot rate 100 ops/s (got 150)"]);
    expect(problems({ target: three, profile: "mixed-hot", rate: 100, coldRate: 0 })).toEqual(["--cold-rate: tenant rate out of range: must be above 0 and at most the hot rate 100 ops/s (got 0)"]);
    // A hot share of 1 makes every HCP hot: ceil(1 x 3) = 3 of 3.
    expect(problems({ target: three, profile: "mixed-hot", rate: 100, coldRate: 10, hotFraction: 1 })).toEqual([
      "--cold-rate: tenant count out of range: 3 target(s) with --hot-fraction 1 leave no cold HCP; give more targets or a smaller hot share",
    ]);
  });

  it("rejects an unknown profile by name", () => {
    expect(problems({ target: etcd, profile: "soak" as never })).toEqual(["--profile: must be one of create-list, watch-churn, light, mixed-hot, mixed-uniform (got \"soak\")"]);
  });
});
