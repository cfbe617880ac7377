import { describe, expect, it } from "vitest";
import { logWriteOk, logWriteSent, newWriteLog, sumIntegrity, WatcherIntegrity, type WriteLog } from "./watchIntegrity";

/** Writes objects' events as a store would: each write sent, then acknowledged at the given time. */
function wrote(log: WriteLog, index: number, times: number, atUs: number): void {
  for (let k = 0; k < times; k++) {
    logWriteSent(log, index);
    logWriteOk(log, index, atUs);
  }
}

describe("watch integrity, on hand-worked streams", () => {
  it("a clean stream: every write's event once, revisions rising: all counts zero", () => {
    const log = newWriteLog(10, 40);
    wrote(log, 1, 2, 100);
    wrote(log, 2, 2, 100);
    const w = new WatcherIntegrity(0, log, 0);
    expect([w.event(1, 5, 110), w.event(2, 6, 111), w.event(1, 7, 112), w.event(2, 8, 113)]).toEqual(["new", "new", "new", "new"]);
    expect(w.counts(0, 200)).toEqual({ gaps: 0, duplicates: 0, outOfOrder: 0, phantom: 0, stalls: [] });
  });

  it("a dropped event is a gap, a repeated one a duplicate, a swapped pair one out-of-order, an unwritten object a phantom", () => {
    const log = newWriteLog(10, 40);
    wrote(log, 1, 4, 100); // create, update, update, delete: revisions 10..13
    wrote(log, 2, 4, 100); // revisions 20..23
    const w = new WatcherIntegrity(0, log, 0);
    w.event(1, 10, 110);
    // 11 dropped
    w.event(1, 12, 111);
    w.event(1, 12, 112); // delivered twice
    w.event(1, 13, 113);
    w.event(2, 21, 114); // 20 and 21 swapped: 21 first ...
    w.event(2, 20, 115); // ... then 20, below the 21 already seen
    w.event(2, 22, 116);
    w.event(2, 23, 117);
    w.event(7, 30, 118); // object 7 was never written
    w.event(-1, 31, 119); // not a load object at all
    expect(w.counts(0, 200)).toEqual({ gaps: 1, duplicates: 1, outOfOrder: 1, phantom: 2, stalls: [] });
    expect(w.distinct).toBe(7);
  });

  it("warm-up objects before measuredFrom are not gaps", () => {
    const log = newWriteLog(10, 40);
    wrote(log, 0, 4, 1);
    wrote(log, 3, 1, 1);
    const w = new WatcherIntegrity(0, log, 0);
    expect(w.counts(1, 10).gaps).toBe(1);
  });

  it("stall: silence past the threshold after a write the watcher has not seen; it began at that write and ends with the next event", () => {
    const log = newWriteLog(10, 40);
    const w = new WatcherIntegrity(3, log, 0);
    wrote(log, 1, 1, 1_000);
    w.event(1, 5, 1_100);
    // A write at 2,000 that the watcher does not hear about.
    logWriteSent(log, 2);
    logWriteOk(log, 2, 2_000);
    w.checkStall(5_000, 5_000); // 3.9 ms of silence: under a 5 ms threshold
    w.checkStall(7_000, 5_000); // silence 5.9 ms, but the write is only 5.0 ms old: not yet
    w.checkStall(7_001, 5_000); // both past the threshold: stalled since the missed write at 2,000
    w.checkStall(9_000, 5_000); // still the same stall, not a second one
    w.event(2, 6, 12_000); // recovered
    const c = w.counts(0, 20_000);
    expect(c.stalls).toEqual([{ watcher: 3, beganUs: 2_000, endedUs: 12_000, recovered: true }]);
    expect(c.gaps).toBe(0);
  });

  it("no stall when nothing was written, or when the watcher saw every write; an unrecovered stall ends at the run's end", () => {
    const log = newWriteLog(10, 40);
    const idle = new WatcherIntegrity(0, log, 0);
    idle.checkStall(60_000_000, 5_000_000);
    expect(idle.counts(0, 60_000_000).stalls).toEqual([]);

    wrote(log, 1, 1, 1_000);
    const caughtUp = new WatcherIntegrity(1, log, 0);
    caughtUp.event(1, 5, 1_500);
    caughtUp.checkStall(60_000_000, 5_000_000);
    expect(caughtUp.counts(0, 60_000_000).stalls).toEqual([]);

    const deaf = new WatcherIntegrity(2, log, 0);
    deaf.checkStall(6_002_000, 5_000_000);
    expect(deaf.counts(0, 9_000_000)).toEqual({ gaps: 1, duplicates: 0, outOfOrder: 0, phantom: 0, stalls: [{ watcher: 2, beganUs: 1_000, endedUs: 9_000_000, recovered: false }] });
  });

  it("sums watchers, keeping each stall", () => {
    const a = { gaps: 1, duplicates: 2, outOfOrder: 3, phantom: 4, stalls: [{ watcher: 0, beganUs: 1, endedUs: 2, recovered: true }] };
    const b = { gaps: 10, duplicates: 20, outOfOrder: 30, phantom: 40, stalls: [{ watcher: 1, beganUs: 3, endedUs: 4, recovered: false }] };
    expect(sumIntegrity([a, b])).toEqual({ gaps: 11, duplicates: 22, outOfOrder: 33, phantom: 44, stalls: [...a.stalls, ...b.stalls] });
  });
});
