import { describe, expect, it } from "vitest";
import { profileNames } from "../../infra/names/profiles";
import { defaultRequestTimeoutMs } from "../loadgen/loadgenOptions";
import { jobDeadlineSeconds, jobMarginSeconds, phaseTimeoutSeconds, phasesPerPoint, pointTimeoutSeconds, terminationGraceSeconds } from "./pointBudget";

describe("bench time budgets", () => {
  it("uses the load generator's 5-minute phase timeout and gives every profile a budget", () => {
    expect(phaseTimeoutSeconds).toBe(300);
    for (const p of profileNames) expect(pointTimeoutSeconds(p)).toBeGreaterThan(phasesPerPoint[p] * phaseTimeoutSeconds);
  });

  it("sizes the Job deadline from every point of the matrix (hand-worked)", () => {
    // watch-churn: 4 phases x 300 s + 120 s overhead = 1,320 s a point; + 300 s Job margin = 1,620 s.
    expect(jobDeadlineSeconds({ profiles: ["watch-churn"], concurrency: [50], runs: 1 })).toBe(1620);
    // The default matrix: 2 profiles x 4 concurrency levels x 3 runs = 24 points.
    // create-list: 6 x 300 + 120 = 1,920 s, x 12 = 23,040; watch-churn: 1,320 x 12 = 15,840; + 300 = 39,180 s (10 h 53 min).
    expect(jobDeadlineSeconds({ profiles: ["create-list", "watch-churn"], concurrency: [50, 200, 500, 1000], runs: 3 })).toBe(39_180);
    // light: 6 x 300 + 120 = 1,920 s, x (2 levels x 2 runs) = 7,680; + 300 = 7,980 s.
    expect(jobDeadlineSeconds({ profiles: ["light"], concurrency: [10, 20], runs: 2 })).toBe(7980);
    expect(pointTimeoutSeconds("mixed-hot")).toBe(3 * 300 + 120);
    expect(jobMarginSeconds).toBe(300);
  });

  it("leaves time after SIGTERM for in-flight requests to end within the request timeout, the sampler's last poll and the partial upload", () => {
    // The grace starts when the kubelet sends SIGTERM: a request sent just before may take the whole request timeout.
    const requestTimeoutS = defaultRequestTimeoutMs / 1000;
    const samplerLastPollS = 5;
    // Partial result.json and job.json to S3: two small PUTs, each allowed the same timeout as an API request.
    const uploadsS = 2 * requestTimeoutS;
    expect(terminationGraceSeconds).toBeGreaterThanOrEqual(requestTimeoutS + samplerLastPollS + uploadsS);
  });
});
