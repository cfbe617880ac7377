import type { PerfRecord } from "./records";

/** perf.csv's watch-integrity columns and how the report names each. */
export const integrityColumns = [
  ["watch_gaps", "gaps"],
  ["watch_duplicates", "duplicates"],
  ["watch_out_of_order", "out-of-order"],
  ["watch_phantom_events", "phantom events"],
  ["watch_stalls", "stalls"],
] as const;

/**
 * One line per run whose watchers saw any integrity problem: such a run's
 * lag and event counts describe a stream users could not trust, so the
 * report names it rather than folding it silently into a median.
 */
export function watchIntegrityFlags(perf: readonly PerfRecord[]): string[] {
  const flags: string[] = [];
  for (const r of perf) {
    const found = integrityColumns.filter(([col]) => (r.values[col] ?? 0) > 0).map(([col, name]) => `${name} ${r.values[col]}`);
    if (found.length === 0) continue;
    const stall = (r.values.watch_stall_max_s ?? 0) > 0 ? ` (longest stall ${r.values.watch_stall_max_s} s)` : "";
    flags.push(`${r.storage} ${r.profile} at ${r.concurrency} clients, run ${r.runId} (${r.file}): ${found.join(", ")}${stall}`);
  }
  return flags;
}
