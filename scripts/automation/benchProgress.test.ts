import { describe, expect, it } from "vitest";
import { isInputError } from "../../infra/names/inputError";
import { followDeadline, type JobSnapshot } from "./benchJobFollower";
import { benchProgress, followPollMs } from "./benchProgress";

const job = (over: Partial<JobSnapshot> = {}): JobSnapshot => ({ name: "bench-x", namespace: "hcpbench-bench", active: 1, succeeded: 0, failed: 0, conditions: [], ...over });

describe("HCPBENCH_FOLLOW_POLL_SECONDS", () => {
  it("is 15 s unless set, and takes fractions of a second", () => {
    expect(followPollMs({})).toBe(15_000);
    expect(followPollMs({ HCPBENCH_FOLLOW_POLL_SECONDS: "0.2" })).toBe(200);
  });

  it.each(["0", "-1", "abc", "7200"])("refuses %s as bad input naming the variable", (v) => {
    let err: unknown;
    try {
      followPollMs({ HCPBENCH_FOLLOW_POLL_SECONDS: v });
    } catch (e) {
      err = e;
    }
    expect(isInputError(err)).toBe(true);
    expect((err as Error).message).toContain("HCPBENCH_FOLLOW_POLL_SECONDS: must be a number of seconds from 0.05 to 3600");
  });
});

describe("when the follower stops waiting", () => {
  it("counts activeDeadlineSeconds from status.startTime, as the Job controller does, plus the grace", () => {
    // 10:00:00 + 3600 s + 720 s = 11:12:00.
    expect(followDeadline(job({ startTime: "2026-01-01T10:00:00Z", creationTimestamp: "2026-01-01T09:00:00Z", activeDeadlineSeconds: 3600 }), 0, 720)).toBe(Date.parse("2026-01-01T11:12:00Z"));
  });

  it("before the Job started, from its creation; without either, from when the follower first saw it; no deadline, no limit", () => {
    expect(followDeadline(job({ creationTimestamp: "2026-01-01T09:00:00Z", activeDeadlineSeconds: 60 }), 0, 0)).toBe(Date.parse("2026-01-01T09:01:00Z"));
    expect(followDeadline(job({ activeDeadlineSeconds: 60 }), 5_000, 10)).toBe(75_000);
    expect(followDeadline(job(), 5_000, 10)).toBeUndefined();
  });
});

describe("progress lines", () => {
  it("show elapsed time and pods on every read, and the points done from a count made at most once a minute", async () => {
    let now = 0;
    let counts = 0;
    const lines: string[] = [];
    const report = benchProgress({ planned: 8, everyMs: 60_000, now: () => now, countDone: async () => ++counts, write: (l) => lines.push(l) });
    const settle = () => new Promise((r) => setTimeout(r, 0));
    report({ elapsedS: 0, job: job() });
    await settle();
    now = 30_000;
    report({ elapsedS: 30, job: job() });
    now = 61_000;
    report({ elapsedS: 61, job: job() });
    await settle();
    report({ elapsedS: 3725, job: job({ active: 0, failed: 1 }) });
    expect(counts).toBe(2);
    expect(lines).toEqual([
      "0m00s: 1 active, 0 succeeded, 0 failed pod(s)",
      "0m30s: 1 active, 0 succeeded, 0 failed pod(s); 1/8 points done",
      "1m01s: 1 active, 0 succeeded, 0 failed pod(s); 1/8 points done",
      "1h02m: 0 active, 0 succeeded, 1 failed pod(s); 2/8 points done",
    ]);
  });

  it("say why a read failed and when the next one is", () => {
    const lines: string[] = [];
    benchProgress({ write: (l) => lines.push(l) })({ elapsedS: 90, job: job(), retry: { error: "connect ECONNREFUSED 127.0.0.1:6443", attempt: 3, inS: 8 } });
    expect(lines).toEqual(["1m30s: cannot read the Job (connect ECONNREFUSED 127.0.0.1:6443); retry 3 in 8 s; last seen: 1 active, 0 succeeded, 0 failed pod(s)"]);
  });
});
