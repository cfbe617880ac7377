import { sizePresets, type PresetName } from "../../workloads/fleet/presets";

/** CPU quantity -> millicores ("250m", "0.5", "2"); undefined for empty/unlimited. */
export function parseMilliCpu(q: string | undefined): number | undefined {
  const s = (q ?? "").trim();
  if (s === "" || s === "0" || s === "unlimited" || s === "none") return undefined;
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(s);
  if (!m) return undefined;
  return m[2] === "m" ? Number(m[1]) : Number(m[1]) * 1000;
}

const memUnits: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, K: 1e3 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576, "": 1 / 1048576 };

/** Memory quantity -> MiB ("512Mi", "1Gi", bytes); undefined for empty/unlimited. */
export function parseMemoryMiB(q: string | undefined): number | undefined {
  const s = (q ?? "").trim();
  if (s === "" || s === "0" || s === "unlimited" || s === "none") return undefined;
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G)?$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * memUnits[m[2] ?? ""];
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
