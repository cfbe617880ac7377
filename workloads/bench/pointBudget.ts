import type { ProfileName } from "../../infra/names/profiles";
import { defaultPhaseTimeoutMs } from "../loadgen/loadgenOptions";

/** The load generator's per-phase timeout (the original bench used 5 min), in seconds. */
export const phaseTimeoutSeconds = defaultPhaseTimeoutMs / 1000;

/**
 * Phases per point that the load generator bounds by the phase timeout: the leftover cleanup
 * before every point, then create-list and light: warm-up creates, warm-up list, warm-up
 * cleanup, creates, lists; watch-churn: warm-up churn, churn, watch drain; mixed-*: seeding,
 * mixed load.
 */
export const phasesPerPoint: Readonly<Record<ProfileName, number>> = {
  "create-list": 6,
  light: 6,
  "watch-churn": 4,
  "mixed-hot": 3,
  "mixed-uniform": 3,
};

/** Per point on top of its phases: opening connections and watches, /metrics scrapes, fetching kubeconfigs, the upload. */
export const pointOverheadSeconds = 120;

/** Before the first point (bundle unpack, API client setup) and after the last (job.json). */
export const jobMarginSeconds = 300;

/**
 * What the Job needs after SIGTERM: in-flight requests end within the load generator's request
 * timeout (30 s), the sampler's last poll within 5 s, then the partial result and job.json upload.
 */
export const terminationGraceSeconds = 120;

export function pointTimeoutSeconds(profile: ProfileName): number {
  return phasesPerPoint[profile] * phaseTimeoutSeconds + pointOverheadSeconds;
}

/** activeDeadlineSeconds: every point at its full budget, plus the Job's own margin. */
export function jobDeadlineSeconds(matrix: { profiles: readonly ProfileName[]; concurrency: readonly number[]; runs: number }): number {
  const perProfileSweep = matrix.concurrency.length * matrix.runs;
  return matrix.profiles.reduce((s, p) => s + perProfileSweep * pointTimeoutSeconds(p), 0) + jobMarginSeconds;
}
