import type { DriverSpec } from "../drivers/driverFactory";
import type { DriverSettings } from "../drivers/driverSettings";
import type { StoreDriver } from "../drivers/storeDriver";
import type { TargetWatch, WatchLagHistograms, WatchResult } from "../loadgenResult";
import { allLag, watchResult } from "../watch/watchResult";
import { newDeleteSendTimes } from "../watch/watcherGroup";
import { WatcherPool } from "../watch/watcherPool";
import { mergeWatchStats, type MergedWatchStats, type WatchStats } from "../watch/watchStats";

export interface TenantWatchOptions {
  readonly watchers: number;
  readonly workers: number;
  /** Objects below this index were written before the measured phase: their events are not counted. */
  readonly firstMeasuredIndex: number;
  readonly startTimeoutMs: number;
}

/**
 * The watches of one tenant (HCP) of a fleet point: opened on its namespace
 * just before the measured phase, drained after it, so each tenant's
 * write-to-delivery lag is measured on its own API server, and all tenants'
 * together make the fleet-wide lag.
 */
export class TenantWatch {
  private constructor(private readonly pool: WatcherPool) {}

  static async open(driver: StoreDriver, spec: DriverSpec, settings: DriverSettings, o: TenantWatchOptions): Promise<TenantWatch> {
    const revision = await driver.currentRevision();
    if (typeof revision !== "string") throw new Error(`${driver.label}: reading the namespace's resourceVersion to watch from: ${revision.message}`);
    const pool = await WatcherPool.start(spec, { ...settings, objectCapacity: 0 }, {
      watchers: o.watchers,
      workers: o.workers,
      warmupObjects: o.firstMeasuredIndex,
      // Tenants never delete, so no delete send times are needed.
      deleteSendTimes: newDeleteSendTimes(1),
      fromRevision: revision,
      startTimeoutMs: o.startTimeoutMs,
    });
    return new TenantWatch(pool);
  }

  /** Waits until every watcher saw each of the tenant's successful measured writes (or the deadline), then closes. */
  async finish(writes: number, deadlineUs: number, signal?: AbortSignal): Promise<{ stats: MergedWatchStats; writes: number }> {
    return { stats: await this.pool.finish(writes, deadlineUs, signal), writes };
  }

  /** One tenant's line in perTarget. */
  static targetWatch(seen: { stats: MergedWatchStats; writes: number }): TargetWatch {
    const s = seen.stats;
    return { watchers: s.watchers, expectedEvents: seen.writes * s.watchers, events: s.events, complete: s.complete, lag: allLag(s).summary() };
  }

  /** All tenants' watches as one WatchResult: the fleet-wide lag from every tenant's events in one histogram, which is kept (encoded) for shard merging. */
  static fleetWatch(seen: readonly { stats: MergedWatchStats; writes: number }[], firstSendUs: number): { watch: WatchResult; lag: WatchLagHistograms } {
    const parts: WatchStats[] = seen.map(({ stats: s }) => ({ ...s, lagAdded: s.lagAdded.encode(), lagModified: s.lagModified.encode(), lagDeleted: s.lagDeleted.encode() }));
    const all = mergeWatchStats(parts);
    return {
      watch: watchResult(all, seen.reduce((n, t) => n + t.writes * t.stats.watchers, 0), firstSendUs),
      lag: { added: all.lagAdded.encode(), modified: all.lagModified.encode(), deleted: all.lagDeleted.encode() },
    };
  }
}
