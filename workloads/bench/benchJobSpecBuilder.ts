import type { Config } from "../../infra/config/schema";
import { backendByName } from "../backends/registry";
import { sizePresets } from "../../infra/names/presets";
import type { HcpEndpoint } from "../fleet/fleetOutputs";
import type { BenchJobSpec } from "../loadgen/job/benchJobSpec";
import { isFleetProfile } from "../loadgen/job/benchJobSpec";
import { phaseTimeoutSeconds, pointTimeoutSeconds } from "./pointBudget";
import { samplingScope } from "./samplingScope";

/** The metrics-server window is 15 s; a 2 s poll (the original bench's period) sees every window. */
export const samplingIntervalMs = 2000;

/** matrix.json for the bench Job: a pure function of the stack config and the fleet's HCPs. */
export function buildBenchJobSpec(cfg: Config, hcps: readonly HcpEndpoint[]): BenchJobSpec {
  const preset = sizePresets[cfg.fleet.preset];
  const { profiles, concurrency, runs, ops, warmup, watchers } = cfg.bench;
  return {
    schemaVersion: 1,
    backend: cfg.fleet.backend,
    hcpCpuLimit: "cpu" in preset ? preset.cpu : "",
    hcpMemoryLimit: "memory" in preset ? preset.memory : "",
    profiles: [...profiles],
    concurrency: [...concurrency],
    runs,
    ops,
    warmup,
    watchers,
    phaseTimeoutSeconds,
    pointTimeoutSeconds: Object.fromEntries(profiles.map((p) => [p, pointTimeoutSeconds(p)])),
    hcps: hcps.map((h) => ({ name: h.name, namespace: h.namespace, apiServerUrl: h.apiServerUrl, kubeconfigSecret: { ...h.kubeconfigSecret } })),
    sampling: { intervalMs: samplingIntervalMs, ...samplingScope(backendByName(cfg.fleet.backend)) },
    // Absent for one load pod, so an unsharded matrix.json (and the Job's name) stays as it was.
    ...(cfg.bench.shards > 1 ? { shards: cfg.bench.shards } : {}),
  };
}

/** The HCPs whose kubeconfig the Job reads: all of them for a mixed-* profile, otherwise the first only. */
export function targetedHcps(spec: Pick<BenchJobSpec, "profiles" | "hcps">): BenchJobSpec["hcps"] {
  return spec.profiles.some(isFleetProfile) ? spec.hcps : spec.hcps.slice(0, 1);
}
