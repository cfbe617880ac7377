import { describe, expect, it } from "vitest";
import { profileNames } from "../../infra/names/profiles";
import { jobDeadlineSeconds, jobMarginSeconds, phaseTimeoutSeconds, phasesPerPoint, pointTimeoutSeconds, terminationGraceSeconds } from "./pointBudget";

describe("bench time budgets", () => {
  it("uses the load generator's 5-minute phase timeout and gives every profile a budget", () => {
    expect(phaseTimeoutSeconds).toBe(300);
    for (const p of profileNames) expect(pointTimeoutSeconds(p)).toBeGreaterThan(phasesPerPoint[p] * phaseTimeoutSeconds);
  });

  it("sizes the Job deadline from every point of the matrix", () => {
    const one = jobDeadlineSeconds({ profiles: ["watch-churn"], concurrency: [50], runs: 1 });
    expect(one).toBe(pointTimeoutSeconds("watch-churn") + jobMarginSeconds);
    // The default matrix: 2 profiles x 4 concurrency levels x 3 runs = 24 points.
    const full = jobDeadlineSeconds({ profiles: ["create-list", "watch-churn"], concurrency: [50, 200, 500, 1000], runs: 3 });
    expect(full).toBe(12 * pointTimeoutSeconds("create-list") + 12 * pointTimeoutSeconds("watch-churn") + jobMarginSeconds);
    expect(jobDeadlineSeconds({ profiles: ["light"], concurrency: [10, 20], runs: 2 })).toBe(4 * pointTimeoutSeconds("light") + jobMarginSeconds);
  });

  it("leaves time after SIGTERM for in-flight requests (30 s) to end and the partial upload", () => {
    expect(terminationGraceSeconds).toBeGreaterThan(30 + 5);
  });
});
