import type { WatchResult } from "../loadgenResult";
import { LatencyHistogram } from "../measure/latencyHistogram";
import type { MergedWatchStats } from "./watchStats";

/** Every event type's lag in one histogram. */
export function allLag(seen: Pick<MergedWatchStats, "lagAdded" | "lagModified" | "lagDeleted">): LatencyHistogram {
  const lag = new LatencyHistogram();
  lag.add(seen.lagAdded);
  lag.add(seen.lagModified);
  lag.add(seen.lagDeleted);
  return lag;
}

/** What watchers saw, as result.json's `watch` (integrity apart); the event rate runs from the first measured send to the last event. */
export function watchResult(seen: MergedWatchStats, expectedEvents: number, firstSendUs: number): WatchResult {
  const windowS = seen.lastEventUs !== null && Number.isFinite(firstSendUs) && seen.lastEventUs > firstSendUs ? (seen.lastEventUs - firstSendUs) / 1e6 : 0;
  return {
    watchers: seen.watchers,
    expectedEvents,
    events: seen.events,
    eventsByType: { added: seen.added, modified: seen.modified, deleted: seen.deleted },
    errors: seen.errors,
    reconnects: seen.reconnects,
    relists: seen.relists,
    bookmarks: seen.bookmarks,
    ...(seen.firstError ? { firstError: seen.firstError } : {}),
    eventRate: windowS > 0 ? seen.events / windowS : 0,
    lag: allLag(seen).summary(),
    lagByType: { added: seen.lagAdded.summary(), modified: seen.lagModified.summary(), deleted: seen.lagDeleted.summary() },
    untimedEvents: seen.untimed,
    complete: seen.complete,
  };
}
