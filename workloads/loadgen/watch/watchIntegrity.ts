import { nowMicros } from "../measure/clock";

/**
 * What the writers did, in shared memory so watchers on worker threads can
 * check their streams against it: writes sent and succeeded per object, and
 * the completion time of every successful measured write in order.
 */
export interface WriteLog {
  /** Writes sent, by object index. */
  readonly sent: Int32Array;
  /** Successful writes, by object index. */
  readonly ok: Int32Array;
  /** [0]: successful measured writes so far. */
  readonly okCount: Int32Array;
  /** Completion time (µs, monotonic clock) of the k-th successful measured write. */
  readonly okTimes: Float64Array;
  /** Object of the k-th successful write, and which successful write of that object it was (1-based). */
  readonly okObject: Int32Array;
  readonly okOrdinal: Int32Array;
}

export function newWriteLog(objects: number, writes: number): WriteLog {
  const shared = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
  return {
    sent: new Int32Array(shared(4 * objects)),
    ok: new Int32Array(shared(4 * objects)),
    okCount: new Int32Array(shared(4)),
    okTimes: new Float64Array(shared(8 * writes)),
    okObject: new Int32Array(shared(4 * writes)),
    okOrdinal: new Int32Array(shared(4 * writes)),
  };
}

export function logWriteSent(log: WriteLog, index: number): void {
  if (index < log.sent.length) Atomics.add(log.sent, index, 1);
}

/** One writer thread appends (the main thread), so the completion times stay in order. */
export function logWriteOk(log: WriteLog, index: number, endUs: number): void {
  const ordinal = index < log.ok.length ? Atomics.add(log.ok, index, 1) + 1 : 0;
  const k = Atomics.load(log.okCount, 0);
  if (k < log.okTimes.length) {
    log.okTimes[k] = endUs;
    log.okObject[k] = index;
    log.okOrdinal[k] = ordinal;
    // The count is published after the time, so a reader never sees a slot not yet written.
    Atomics.store(log.okCount, 0, k + 1);
  }
}

/** A watcher that got no event for more than the stall threshold while a write it had not seen had succeeded. */
export interface Stall {
  readonly watcher: number;
  /** Completion time of the first successful write after the watcher's last event: when the silence began to matter. */
  readonly beganUs: number;
  /** When the next event arrived (recovered), else when the run stopped watching. */
  readonly endedUs: number;
  readonly recovered: boolean;
}

/** Per-watcher integrity counts; plain data so they can leave a worker thread. */
export interface IntegrityCounts {
  /** Events a successful write implies that never arrived (per object: successful writes - distinct events seen). */
  readonly gaps: number;
  /** Events delivered twice: same object at the same revision. */
  readonly duplicates: number;
  /** Events whose revision is below one this watcher already saw (on the stream, or for the same object). */
  readonly outOfOrder: number;
  /** Events for objects this run never wrote (or names that are not load objects). */
  readonly phantom: number;
  readonly stalls: readonly Stall[];
}

export type EventVerdict = "new" | "duplicate" | "phantom";

/**
 * The integrity of one watcher's stream, checked event by event against
 * what the writers did. Per-object state grows with the highest index seen,
 * so a run that touches few objects pays for few.
 */
export class WatcherIntegrity {
  private objRev = new Float64Array(0);
  private seen = new Uint8Array(0);
  private lastRev = 0;
  private duplicates = 0;
  private outOfOrder = 0;
  private phantom = 0;
  /** Distinct events of measured objects. */
  distinct = 0;
  lastEventUs: number;
  private stallBeganUs = 0;
  private readonly stalls: Stall[] = [];

  constructor(private readonly watcher: number, private readonly log: WriteLog, startUs = nowMicros()) {
    this.lastEventUs = startUs;
  }

  private grow(index: number): void {
    let n = Math.max(1024, this.objRev.length);
    while (n <= index) n *= 2;
    const rev = new Float64Array(n);
    rev.set(this.objRev);
    const seen = new Uint8Array(n);
    seen.set(this.seen);
    this.objRev = rev;
    this.seen = seen;
  }

  /** One event of a measured object (index -1: a name that is not a load object); revision NaN when not numeric. */
  event(index: number, revision: number, receivedUs: number): EventVerdict {
    if (index < 0 || index >= this.log.sent.length || Atomics.load(this.log.sent, index) === 0) {
      this.phantom++;
      return "phantom";
    }
    if (index >= this.objRev.length) this.grow(index);
    if (receivedUs > this.lastEventUs) this.lastEventUs = receivedUs;
    if (this.stallBeganUs > 0) this.endStall(receivedUs, true);
    if (revision === revision) {
      // A numeric revision: a second event at an object's revision is a duplicate; a lower one is out of order.
      const prev = this.objRev[index];
      if (revision === prev) {
        this.duplicates++;
        return "duplicate";
      }
      if (revision < prev || revision < this.lastRev) this.outOfOrder++;
      if (revision > prev) this.objRev[index] = revision;
      if (revision > this.lastRev) this.lastRev = revision;
    }
    if (this.seen[index] < 255) this.seen[index]++;
    this.distinct++;
    return "new";
  }

  private endStall(atUs: number, recovered: boolean): void {
    this.stalls.push({ watcher: this.watcher, beganUs: this.stallBeganUs, endedUs: atUs, recovered });
    this.stallBeganUs = 0;
  }

  /**
   * Called on a timer: the watcher stalls when it has had no event for more
   * than thresholdUs although a write it has not seen succeeded, after its
   * last event, more than thresholdUs ago. The stall began at that write's
   * completion. "Not seen" is per object: fewer events of the object than
   * that write's place among the object's successful writes (an event often
   * arrives before its write's answer, so time alone cannot tell).
   */
  checkStall(nowUs: number, thresholdUs: number): void {
    if (this.stallBeganUs > 0 || nowUs - this.lastEventUs <= thresholdUs) return;
    const log = this.log;
    const okCount = Atomics.load(log.okCount, 0);
    for (let k = firstAfter(log.okTimes, okCount, this.lastEventUs); k < okCount && nowUs - log.okTimes[k] > thresholdUs; k++) {
      const obj = log.okObject[k];
      if ((obj < this.seen.length ? this.seen[obj] : 0) < log.okOrdinal[k]) {
        this.stallBeganUs = log.okTimes[k];
        return;
      }
    }
  }

  /** Final counts; gaps are counted against the writes' own per-object successes. */
  counts(measuredFrom: number, endUs: number): IntegrityCounts {
    if (this.stallBeganUs > 0) this.endStall(endUs, false);
    let gaps = 0;
    for (let i = measuredFrom; i < this.log.ok.length; i++) {
      const missing = Atomics.load(this.log.ok, i) - (i < this.seen.length ? this.seen[i] : 0);
      if (missing > 0) gaps += missing;
    }
    return { gaps, duplicates: this.duplicates, outOfOrder: this.outOfOrder, phantom: this.phantom, stalls: [...this.stalls] };
  }
}

/** Index of the first of the first `count` times above t (times ascend); count when none. */
function firstAfter(times: Float64Array, count: number, t: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Counts of several watchers added up (stalls kept one by one). */
export function sumIntegrity(parts: readonly IntegrityCounts[]): IntegrityCounts {
  return {
    gaps: parts.reduce((n, p) => n + p.gaps, 0),
    duplicates: parts.reduce((n, p) => n + p.duplicates, 0),
    outOfOrder: parts.reduce((n, p) => n + p.outOfOrder, 0),
    phantom: parts.reduce((n, p) => n + p.phantom, 0),
    stalls: parts.flatMap((p) => p.stalls),
  };
}
