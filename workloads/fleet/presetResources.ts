import { sizePresets, type PresetName } from "../../infra/names/presets";

export interface Quantities {
  readonly cpu: string;
  readonly memory: string;
}

/** A container's resource requirements as the Kubernetes API takes them. */
export interface ResourceRequirements {
  readonly limits: Quantities;
  readonly requests: Quantities;
}

/**
 * The preset as container resources. Requests equal limits, which is what the
 * API server defaults them to when only limits are set (the original run set
 * limits only); writing them out keeps the plan honest. `unlimited` => none.
 */
export function presetResources(preset: PresetName): ResourceRequirements | undefined {
  const p = sizePresets[preset];
  if (!("cpu" in p)) return undefined;
  const q = { cpu: p.cpu, memory: p.memory };
  return { limits: q, requests: q };
}

/** Millicores and MiB as Kubernetes quantities. */
export function quantities(milliCpu: number, memoryMiB: number): Quantities {
  return { cpu: `${milliCpu}m`, memory: `${memoryMiB}Mi` };
}
