import { quantityOrUndefined } from "../../infra/names/quantity";
import { sizePresets, type PresetName } from "../../infra/names/presets";

/** No limit set: empty, zero, or the words the original CSVs used. */
function isUnlimited(q: string): boolean {
  return q === "" || q === "unlimited" || q === "none" || quantityOrUndefined(q) === 0;
}

/** CPU quantity -> millicores ("250m", "0.5", "2"); undefined for empty/unlimited or not a quantity. */
export function parseMilliCpu(q: string | undefined): number | undefined {
  const s = (q ?? "").trim();
  if (isUnlimited(s)) return undefined;
  const cores = quantityOrUndefined(s);
  return cores === undefined ? undefined : cores * 1000;
}

/** Memory quantity -> MiB ("512Mi", "1Gi", bytes); undefined for empty/unlimited or not a quantity. */
export function parseMemoryMiB(q: string | undefined): number | undefined {
  const s = (q ?? "").trim();
  if (isUnlimited(s)) return undefined;
  const bytes = quantityOrUndefined(s);
  return bytes === undefined ? undefined : bytes / 2 ** 20;
}

/**
 * The size preset a pair of limits corresponds to; `unlimited` when neither is
 * set, undefined (shown as the raw limits) for a pair that is no preset.
 */
export function presetOfLimits(cpu: string | undefined, memory: string | undefined): PresetName | undefined {
  const milli = parseMilliCpu(cpu);
  const mib = parseMemoryMiB(memory);
  if (milli === undefined && mib === undefined) return "unlimited";
  for (const p of Object.values(sizePresets)) {
    if ("milliCpu" in p && p.milliCpu === milli && Math.abs(p.memoryMiB - (mib ?? -1)) < 0.5) return p.name as PresetName;
  }
  return undefined;
}
