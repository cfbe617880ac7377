import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { createDriver, type DriverSpec } from "../drivers/driverFactory";
import type { DriverSettings } from "../drivers/driverSettings";
import type { StoreDriver } from "../drivers/storeDriver";
import { mergeWatchStats, type MergedWatchStats, type WatchStats } from "./watchStats";
import type { WriteLog } from "./watchIntegrity";
import { WatcherGroup, type DeleteSendTimes, type WatcherGroupOptions } from "./watcherGroup";
import type { WatchWorkerCommand, WatchWorkerData } from "./watchWorker";

export interface WatcherPoolOptions {
  readonly watchers: number;
  /** 0: every watcher on the main thread; n: watchers spread over n worker threads. */
  readonly workers: number;
  readonly warmupObjects: number;
  readonly deleteSendTimes: DeleteSendTimes;
  readonly fromRevision: string;
  readonly startTimeoutMs: number;
  /** With it, each watcher's stream is checked against the writes (see watchIntegrity.ts). */
  readonly writeLog?: WriteLog;
  readonly stallThresholdMs?: number;
}

/** Under tsx (CLI, tests) the worker needs a loader; compiled JavaScript runs the worker module itself. */
export const watchWorkerFile = __filename.endsWith(".ts") ? path.join(__dirname, "watchWorkerEntry.js") : path.join(__dirname, "watchWorker.js");

function groupOptions(opts: WatcherPoolOptions): WatcherGroupOptions {
  return {
    warmupObjects: opts.warmupObjects,
    deleteSendTimes: opts.deleteSendTimes,
    ...(opts.writeLog ? { writeLog: opts.writeLog } : {}),
    ...(opts.stallThresholdMs !== undefined ? { stallThresholdMs: opts.stallThresholdMs } : {}),
  };
}

/** Splits n watchers over k threads as evenly as possible (no thread gets none). */
export function shareWatchers(watchers: number, workers: number): number[] {
  const k = Math.max(1, Math.min(workers, watchers));
  return Array.from({ length: k }, (_, i) => Math.floor(watchers / k) + (i < watchers % k ? 1 : 0));
}

/**
 * The watchers of a run, on the main thread or spread over worker threads so
 * that decoding events (the client's heaviest work in watch-churn) uses every
 * core instead of competing with the writers.
 */
export class WatcherPool {
  private constructor(
    private readonly inline: { group: WatcherGroup; driver: StoreDriver } | undefined,
    private readonly workers: readonly Worker[],
  ) {}

  static async start(spec: DriverSpec, settings: DriverSettings, opts: WatcherPoolOptions): Promise<WatcherPool> {
    if (opts.workers <= 0) {
      const driver = createDriver(spec, settings);
      const group = new WatcherGroup(driver, opts.watchers, groupOptions(opts));
      await group.start(opts.fromRevision, opts.startTimeoutMs);
      return new WatcherPool({ group, driver }, []);
    }
    const workers = shareWatchers(opts.watchers, opts.workers).map((watchers) => {
      const data: WatchWorkerData = { spec, settings, watchers, group: groupOptions(opts), fromRevision: opts.fromRevision, startTimeoutMs: opts.startTimeoutMs };
      return new Worker(watchWorkerFile, { workerData: data });
    });
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const onMessage = (m: { started?: boolean; failed?: string }) => {
              if (m.started) resolve();
              else if (m.failed) reject(new Error(`watch worker failed to start: ${m.failed}`));
            };
            w.on("message", onMessage);
            w.once("error", reject);
            w.once("exit", (code) => reject(new Error(`watch worker exited with ${code} before starting`)));
          }),
      ),
    );
    return new WatcherPool(undefined, workers);
  }

  /** Waits for the expected events (or the deadline), closes every watch and returns what all watchers saw. */
  async finish(expectedPerWatcher: number, deadlineUs: number, signal?: AbortSignal): Promise<MergedWatchStats> {
    if (this.inline) {
      const { group, driver } = this.inline;
      const complete = await group.drain(expectedPerWatcher, deadlineUs, signal);
      await group.stop();
      await driver.close();
      return mergeWatchStats([group.stats(complete)]);
    }
    const parts = await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<WatchStats>((resolve, reject) => {
            w.removeAllListeners("exit");
            w.removeAllListeners("error");
            w.on("message", (m: { stats?: WatchStats }) => m.stats && resolve(m.stats));
            w.once("error", reject);
            w.once("exit", (code) => reject(new Error(`watch worker exited with ${code} before reporting`)));
            const onAbort = () => w.postMessage({ abort: true } satisfies WatchWorkerCommand);
            if (signal?.aborted) onAbort();
            else signal?.addEventListener("abort", onAbort, { once: true });
            w.postMessage({ drain: { expectedPerWatcher, deadlineUs } } satisfies WatchWorkerCommand);
          }),
      ),
    );
    return mergeWatchStats(parts);
  }
}
