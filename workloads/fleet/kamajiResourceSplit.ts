import { sizePresets, type PresetName } from "../../infra/names/presets";
import { quantities, type ResourceRequirements } from "./presetResources";

/** Kamaji's control-plane containers whose resources the TenantControlPlane sets. */
export type KamajiContainer = "apiServer" | "controllerManager" | "scheduler" | "kine";

/**
 * A size preset is the budget of the whole control plane: k0smotron runs
 * apiserver, controller-manager, scheduler and kine in one k0s container under
 * one limit, while Kamaji gives each its own container. To compare like with
 * like the preset is split so the containers' limits add up exactly to it:
 *
 * - the API server serves every benchmark request: the largest share;
 * - kine (SQL and NATS drivers only) turns each request into storage calls:
 *   the next largest, as it does the per-request work the API server delegates;
 * - the controller-manager and scheduler are idle without workers and nodes.
 *
 * With the etcd driver there is no kine container and its share goes to the API server.
 */
export const kamajiShares = {
  withKine: { apiServer: 0.5, kine: 0.25, controllerManager: 0.15, scheduler: 0.1 },
  withoutKine: { apiServer: 0.75, controllerManager: 0.15, scheduler: 0.1 },
} as const satisfies Record<string, Partial<Record<KamajiContainer, number>>>;

export type KamajiResources = Partial<Record<KamajiContainer, ResourceRequirements>>;

/**
 * Whole millicores and MiB per container; rounding leftovers go to the API
 * server so the sum equals the preset exactly. `unlimited` => undefined.
 */
export function kamajiResources(preset: PresetName, withKine: boolean): KamajiResources | undefined {
  const p = sizePresets[preset];
  if (!("milliCpu" in p)) return undefined;
  const shares: Partial<Record<KamajiContainer, number>> = withKine ? kamajiShares.withKine : kamajiShares.withoutKine;
  const containers = Object.keys(shares) as KamajiContainer[];
  const cpu = new Map(containers.map((c) => [c, Math.floor(p.milliCpu * (shares[c] ?? 0))]));
  const mem = new Map(containers.map((c) => [c, Math.floor(p.memoryMiB * (shares[c] ?? 0))]));
  const sum = (m: Map<KamajiContainer, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  cpu.set("apiServer", (cpu.get("apiServer") ?? 0) + p.milliCpu - sum(cpu));
  mem.set("apiServer", (mem.get("apiServer") ?? 0) + p.memoryMiB - sum(mem));
  const out: KamajiResources = {};
  for (const c of containers) {
    const q = quantities(cpu.get(c) ?? 0, mem.get(c) ?? 0);
    out[c] = { limits: q, requests: q };
  }
  return out;
}
