import { LatencyHistogram } from "../measure/latencyHistogram";
import { sumIntegrity, type IntegrityCounts } from "./watchIntegrity";

/** What a group of watchers saw; plain data (histograms encoded) so it can leave a worker thread. */
export interface WatchStats {
  readonly watchers: number;
  /** Events of measured objects, all watchers together. */
  readonly events: number;
  readonly added: number;
  readonly modified: number;
  readonly deleted: number;
  /** Events that carried no send time (not written by this run): counted, not timed. */
  readonly untimed: number;
  readonly errors: number;
  readonly reconnects: number;
  readonly relists: number;
  readonly bookmarks: number;
  readonly firstError?: string;
  /** Monotonic µs of the last measured event (-Infinity when none; JSON turns that into null). */
  readonly lastEventUs: number | null;
  readonly lagAdded: string;
  readonly lagModified: string;
  readonly lagDeleted: string;
  /** Whether every watcher reached the expected count before the drain deadline. */
  readonly complete: boolean;
  /** Stream integrity of all watchers together (when the writes were logged). */
  readonly integrity?: IntegrityCounts;
  /** The same per watcher, stalls as a count (the stalls themselves are in `integrity`). */
  readonly integrityByWatcher?: readonly (Omit<IntegrityCounts, "stalls"> & { readonly stalls: number })[];
}

export interface MergedWatchStats extends Omit<WatchStats, "lagAdded" | "lagModified" | "lagDeleted"> {
  readonly lagAdded: LatencyHistogram;
  readonly lagModified: LatencyHistogram;
  readonly lagDeleted: LatencyHistogram;
}

export function mergeWatchStats(parts: readonly WatchStats[]): MergedWatchStats {
  const lagAdded = new LatencyHistogram();
  const lagModified = new LatencyHistogram();
  const lagDeleted = new LatencyHistogram();
  let last = -Infinity;
  const sum = (k: "watchers" | "events" | "added" | "modified" | "deleted" | "untimed" | "errors" | "reconnects" | "relists" | "bookmarks") => parts.reduce((n, p) => n + p[k], 0);
  for (const p of parts) {
    lagAdded.add(LatencyHistogram.decode(p.lagAdded));
    lagModified.add(LatencyHistogram.decode(p.lagModified));
    lagDeleted.add(LatencyHistogram.decode(p.lagDeleted));
    if (p.lastEventUs !== null && p.lastEventUs > last) last = p.lastEventUs;
  }
  const firstError = parts.find((p) => p.firstError)?.firstError;
  const checked = parts.filter((p) => p.integrity);
  // Watcher numbers are per thread: renumber stalls to the watcher's place in the whole pool.
  let offset = 0;
  const renumbered = parts.map((p): IntegrityCounts | undefined => {
    const stalls = (p.integrity?.stalls ?? []).map((s) => ({ ...s, watcher: s.watcher + offset }));
    offset += p.watchers;
    return p.integrity ? { ...p.integrity, stalls } : undefined;
  });
  return {
    watchers: sum("watchers"),
    events: sum("events"),
    added: sum("added"),
    modified: sum("modified"),
    deleted: sum("deleted"),
    untimed: sum("untimed"),
    errors: sum("errors"),
    reconnects: sum("reconnects"),
    relists: sum("relists"),
    bookmarks: sum("bookmarks"),
    ...(firstError ? { firstError } : {}),
    lastEventUs: last === -Infinity ? null : last,
    lagAdded,
    lagModified,
    lagDeleted,
    complete: parts.every((p) => p.complete),
    ...(checked.length > 0
      ? { integrity: sumIntegrity(renumbered.filter((x): x is IntegrityCounts => x !== undefined)), integrityByWatcher: checked.flatMap((p) => p.integrityByWatcher ?? []) }
      : {}),
  };
}
