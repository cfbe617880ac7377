import type { ResultHistograms } from "../loadgenResult";
import type { ProfileOutcome } from "../profiles/profile";
import { LatencyHistogram } from "./latencyHistogram";
import { StepRecorder } from "./stepRecorder";

/** The histograms behind a result's `steps`, `writes` and `reads` latencies, encoded as hdr-histogram-js does (compressed, base64). */
export function encodeResultHistograms(outcome: Pick<ProfileOutcome, "steps" | "writeSteps" | "readSteps" | "watchLag">): ResultHistograms {
  const merged = (names: readonly string[]) => StepRecorder.merged(names.map((n) => outcome.steps[n])).latency.encode();
  return {
    steps: Object.fromEntries(Object.entries(outcome.steps).map(([name, r]) => [name, r.latency.encode()])),
    writes: merged(outcome.writeSteps),
    reads: merged(outcome.readSteps),
    ...(outcome.watchLag ? { watchLag: outcome.watchLag } : {}),
  };
}

/** The sum of encoded histograms, bucket by bucket: exactly the histogram of all their values together. */
export function addEncoded(encoded: readonly string[]): LatencyHistogram {
  const sum = new LatencyHistogram();
  for (const e of encoded) sum.add(LatencyHistogram.decode(e));
  return sum;
}
