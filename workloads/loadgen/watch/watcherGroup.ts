import { nowMicros } from "../measure/clock";
import { LatencyHistogram } from "../measure/latencyHistogram";
import { objectIndex } from "../drivers/loadObject";
import { WatchEventType, type StoreDriver, type WatchHandler, type WatchSession } from "../drivers/storeDriver";
import { sumIntegrity, WatcherIntegrity, type WriteLog } from "./watchIntegrity";
import type { WatchStats } from "./watchStats";

/**
 * Send times of deletes, by object index, in µs (0: none). A delete event
 * carries the object as last stored (its update's stamp), so the writer
 * records each delete's send time here, in shared memory that watcher
 * threads read. BigInt64 because Atomics needs an integer array.
 */
export type DeleteSendTimes = BigInt64Array;

export function newDeleteSendTimes(objects: number): DeleteSendTimes {
  return new BigInt64Array(new SharedArrayBuffer(8 * Math.max(1, objects)));
}

export function recordDeleteSend(table: DeleteSendTimes, index: number, sendUs: number): void {
  Atomics.store(table, index, BigInt(Math.round(sendUs)));
}

export interface WatcherGroupOptions {
  /** Objects below this index are warm-up: their events are not counted. */
  readonly warmupObjects: number;
  readonly deleteSendTimes: DeleteSendTimes;
  /** What the writers did: with it, every watcher's stream is checked for gaps, duplicates, order, phantoms and stalls. */
  readonly writeLog?: WriteLog;
  /** A watcher with no event for longer than this while a write it has not seen succeeded is stalled (default 5 s). */
  readonly stallThresholdMs?: number;
}

export const defaultStallThresholdMs = 5000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Watchers on one thread. Each one reconnects from the last resourceVersion
 * it saw when its stream drops, relists (fetches a fresh revision) after 410
 * Gone, and keeps bookmarks' revisions. Every event of a measured object is
 * counted and timed against the send time of the write that caused it.
 */
/** How long a new watch must stay open before it counts as established (see watchLoop). */
export const watchSettleMs = 1000;

export class WatcherGroup {
  private readonly lag = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()];
  private readonly byType = [0, 0, 0];
  private readonly perWatcher: number[];
  private untimed = 0;
  private errors = 0;
  private reconnects = 0;
  private relists = 0;
  private bookmarks = 0;
  private firstError: string | undefined;
  private lastEventUs = -Infinity;
  private stopping = false;
  private readonly sessions: (WatchSession | undefined)[];
  private readonly loops: Promise<void>[] = [];
  private readonly integrity: WatcherIntegrity[] | undefined;
  private stallTimer: NodeJS.Timeout | undefined;

  constructor(private readonly driver: StoreDriver, private readonly count: number, private readonly opts: WatcherGroupOptions) {
    this.perWatcher = new Array<number>(count).fill(0);
    this.sessions = new Array<WatchSession | undefined>(count);
    const log = opts.writeLog;
    if (log) {
      this.integrity = Array.from({ length: count }, (_, w) => new WatcherIntegrity(w, log));
      const thresholdUs = (opts.stallThresholdMs ?? defaultStallThresholdMs) * 1000;
      // Checked often enough that a stall is seen within a quarter of the threshold.
      this.stallTimer = setInterval(() => {
        const now = nowMicros();
        for (const i of this.integrity!) i.checkStall(now, thresholdUs);
      }, Math.max(50, Math.min(1000, thresholdUs / 4000)));
      this.stallTimer.unref();
    }
  }

  /** Opens every watch after fromRevision; resolves when all are established, i.e. open for watchSettleMs (or after timeoutMs). */
  async start(fromRevision: string, timeoutMs: number): Promise<void> {
    const established = Array.from({ length: this.count }, () => {
      let resolve!: () => void;
      const p = new Promise<void>((r) => (resolve = r));
      return { p, resolve };
    });
    for (let w = 0; w < this.count; w++) this.loops.push(this.watchLoop(w, fromRevision, established[w].resolve));
    await Promise.race([Promise.all(established.map((e) => e.p)), sleep(timeoutMs)]);
  }

  private handler(w: number): WatchHandler & { lastRevision: string } {
    const group = this;
    const { warmupObjects, deleteSendTimes } = this.opts;
    const integrity = this.integrity?.[w];
    return {
      lastRevision: "",
      event(type, name, stampUs, revision, now) {
        this.lastRevision = revision;
        const index = objectIndex(name);
        if (integrity) {
          if (index >= 0 && index < warmupObjects) return;
          // Duplicates and events for objects never written are counted apart, never as delivered events.
          if (integrity.event(index, Number(revision), now) !== "new") return;
        } else if (index < warmupObjects) return;
        const sent = type === WatchEventType.Deleted ? (index < deleteSendTimes.length ? Number(Atomics.load(deleteSendTimes, index)) : 0) : stampUs;
        group.byType[type]++;
        group.perWatcher[w]++;
        if (sent > 0) group.lag[type].recordMicros(now - sent);
        else group.untimed++;
        if (now > group.lastEventUs) group.lastEventUs = now;
      },
      bookmark(revision) {
        if (revision) this.lastRevision = revision;
        group.bookmarks++;
      },
    };
  }

  private noteError(message: string): void {
    this.errors++;
    this.firstError ??= message;
  }

  private async watchLoop(w: number, fromRevision: string, established: () => void): Promise<void> {
    const handler = this.handler(w);
    handler.lastRevision = fromRevision;
    let backoffMs = 50;
    let first = true;
    while (!this.stopping) {
      const start = await this.driver.watch(handler.lastRevision, handler);
      if (this.stopping) {
        if ("session" in start) start.session.close();
        break;
      }
      if ("session" in start) {
        this.sessions[w] = start.session;
        // An API server answers 200 and may then refuse the watch in its first line (410 Expired):
        // count the watch as established only once it has stayed open through a settle window, so
        // no write starts while a watcher is still relisting (its events would be lost).
        const endedEarly = await Promise.race([start.session.ended.then(() => true), sleep(watchSettleMs).then(() => false)]);
        if (!endedEarly) established();
        backoffMs = 50;
        const end = await start.session.ended;
        this.sessions[w] = undefined;
        if (this.stopping) break;
        if (end.reason === "expired") {
          await this.relist(handler);
          continue;
        }
        if (end.reason === "error") this.noteError(end.message);
        this.reconnects++;
        continue;
      }
      if ("expired" in start) {
        await this.relist(handler);
        continue;
      }
      this.noteError(start.error.message);
      if (!first) this.reconnects++;
      first = false;
      await sleep(backoffMs);
      backoffMs = Math.min(1000, backoffMs * 2);
    }
    established();
  }

  /** 410 Gone: the revision is compacted away; continue from the store's current revision (events in between are lost, and show as missing). */
  private async relist(handler: { lastRevision: string }): Promise<void> {
    this.relists++;
    for (let backoffMs = 50; !this.stopping; backoffMs = Math.min(1000, backoffMs * 2)) {
      const rev = await this.driver.currentRevision();
      if (typeof rev === "string") {
        handler.lastRevision = rev;
        return;
      }
      this.noteError(rev.message);
      await sleep(backoffMs);
    }
  }

  /** Waits until every watcher has `expectedPerWatcher` measured events or the deadline passes; true when complete. */
  async drain(expectedPerWatcher: number, deadlineUs: number, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (this.perWatcher.every((n) => n >= expectedPerWatcher)) return true;
      if (nowMicros() >= deadlineUs || signal?.aborted) return false;
      await sleep(10);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.stallTimer) clearInterval(this.stallTimer);
    for (const s of this.sessions) s?.close();
    await Promise.all(this.loops);
  }

  stats(complete: boolean): WatchStats {
    const end = nowMicros();
    const integrity = this.integrity?.map((i) => i.counts(this.opts.warmupObjects, end));
    return {
      ...(integrity ? { integrity: sumIntegrity(integrity), integrityByWatcher: integrity.map(({ stalls, ...counts }) => ({ ...counts, stalls: stalls.length })) } : {}),
      watchers: this.count,
      events: this.byType[0] + this.byType[1] + this.byType[2],
      added: this.byType[0],
      modified: this.byType[1],
      deleted: this.byType[2],
      untimed: this.untimed,
      errors: this.errors,
      reconnects: this.reconnects,
      relists: this.relists,
      bookmarks: this.bookmarks,
      ...(this.firstError ? { firstError: this.firstError } : {}),
      lastEventUs: this.lastEventUs === -Infinity ? null : this.lastEventUs,
      lagAdded: this.lag[0].encode(),
      lagModified: this.lag[1].encode(),
      lagDeleted: this.lag[2].encode(),
      complete,
    };
  }
}
