import { describe, expect, it } from "vitest";
import { StepRecorder } from "./stepRecorder";

describe("StepRecorder", () => {
  it("keeps every planned operation in exactly one bucket and classes errors", () => {
    const r = new StepRecorder();
    r.planned = 10;
    r.success(0, 1000);
    r.success(500, 2500);
    r.failure({ cls: "throttled", message: "429 first" }, 100, 300);
    r.failure({ cls: "throttled", message: "429 second" }, 200, 400);
    r.failure({ cls: "network", message: "ECONNRESET" }, 300, 350);
    r.notAttempted += 4;
    r.skipped += 1;
    const s = r.result();
    expect(s.successes + s.errors + s.notAttempted + s.skipped).toBe(s.planned);
    expect(s.errorsByClass).toMatchObject({ throttled: 2, network: 1, conflict: 0, server: 0, timeout: 0, rejected: 0 });
    expect(s.firstErrorByClass).toEqual({ throttled: "429 first", network: "ECONNRESET" });
    expect(s.firstError).toBe("429 first");
    // Not attempted and skipped operations are not errors.
    expect(s.errorRate).toBeCloseTo(3 / 5);
  });

  it("computes throughput over the active window: first send to last completion", () => {
    const r = new StepRecorder();
    r.planned = 3;
    r.success(1_000_000, 1_200_000);
    r.success(1_100_000, 1_500_000);
    r.failure({ cls: "server", message: "500" }, 1_400_000, 2_000_000);
    const s = r.result();
    expect(s.activeWindowS).toBeCloseTo(1.0);
    expect(s.throughputOps).toBeCloseTo(2.0);
    expect(s.latency.count).toBe(2);
  });

  it("merges parts into an aggregate (writes = every write step)", () => {
    const a = new StepRecorder();
    const b = new StepRecorder();
    a.planned = 2;
    b.planned = 2;
    a.success(0, 10);
    a.failure({ cls: "conflict", message: "409" }, 5, 20);
    b.success(50, 100);
    b.notAttempted++;
    const all = StepRecorder.merged([a, b]).result();
    expect(all).toMatchObject({ planned: 4, successes: 2, errors: 1, notAttempted: 1, activeWindowS: 100 / 1e6 });
    expect(all.errorsByClass.conflict).toBe(1);
    expect(all.latency.count).toBe(2);
  });
});
