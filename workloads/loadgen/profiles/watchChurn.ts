import { recordDeleteSend, newDeleteSendTimes } from "../watch/watcherGroup";
import { WatcherPool } from "../watch/watcherPool";
import type { StoreDriver } from "../drivers/storeDriver";
import type { WatchResult } from "../loadgenResult";
import { nowMicros } from "../measure/clock";
import { StepRecorder } from "../measure/stepRecorder";
import type { PhaseWork } from "../schedule/phaseRunner";
import { timedOperation } from "../schedule/timedOperation";
import type { TokenBucket } from "../schedule/tokenBucket";
import type { DeleteSendTimes } from "../watch/watcherGroup";
import { logWriteOk, logWriteSent, newWriteLog, type WriteLog } from "../watch/watchIntegrity";
import type { MergedWatchStats } from "../watch/watchStats";
import { watchResult } from "../watch/watchResult";
import { scratch } from "./objectWork";
import type { Profile, ProfileContext, ProfileOutcome } from "./profile";

export const churnSteps = ["create", "update1", "update2", "delete"] as const;
type ChurnRecorders = readonly [StepRecorder, StepRecorder, StepRecorder, StepRecorder];

/**
 * Takes objects firstIndex.. through create, update, update, delete, one
 * client per object at a time. A failed step skips the object's later steps
 * (they would only fail for the same reason); a step the phase stops before
 * is not attempted. Either way planned = sent + skipped + not attempted.
 */
export function churnWork(driver: StoreDriver, firstIndex: number, count: number, rec: ChurnRecorders, deleteSends: DeleteSendTimes, limiter: TokenBucket | undefined, log?: WriteLog): PhaseWork {
  for (const r of rec) r.planned += count;
  const leave = (from: number, as: "skipped" | "notAttempted") => {
    for (let k = from; k < 4; k++) rec[k][as]++;
  };
  return {
    units: count,
    opsPerUnit: 4,
    async runUnit(unit, gate) {
      const index = firstIndex + unit;
      for (let k = 0; k < 4; k++) {
        const outcome = await timedOperation(rec[k], gate, k, limiter, (sendUs) => {
          if (log) logWriteSent(log, index);
          if (k === 0) return driver.create(index, sendUs);
          if (k === 3) {
            recordDeleteSend(deleteSends, index, sendUs);
            return driver.remove(index);
          }
          return driver.update(index, k as 1 | 2, sendUs);
        });
        if (outcome === "ok" && log) logWriteOk(log, index, nowMicros());
        if (outcome === "stopped") return leave(k, "notAttempted");
        if (outcome === "failed") return leave(k + 1, "skipped");
      }
    },
    unsent(_unit, fromOp) {
      leave(fromOp, "notAttempted");
    },
  };
}

/**
 * watch-churn: W watches stay open on the namespace while every object goes
 * through create, update, update, delete. Expected events = successful
 * measured writes x watchers; each event's lag is timed against the send
 * time of the write that caused it (deletes against the delete's own send).
 * Throughput covers the writes' active window only, never the drain wait.
 */
export async function runWatchChurn(ctx: ProfileContext): Promise<ProfileOutcome> {
  const driver = ctx.drivers[0];
  const { ops, warmup, watchers, watchWorkers, phaseTimeoutMs, requestTimeoutMs } = ctx.settings;
  const deleteSends = newDeleteSendTimes(warmup + ops);
  const writeLog = newWriteLog(warmup + ops, 4 * ops);
  const revision = await driver.currentRevision();
  if (typeof revision !== "string") throw new Error(`reading the namespace's resourceVersion to watch from: ${revision.message}`);
  ctx.log(`opening ${watchers} watches${watchWorkers > 0 ? ` on ${watchWorkers} worker threads` : ""}`);
  const pool = await WatcherPool.start(ctx.specs[0], { ...ctx.driverSettings, objectCapacity: 0 }, {
    watchers,
    workers: watchWorkers,
    warmupObjects: warmup,
    deleteSendTimes: deleteSends,
    fromRevision: revision,
    startTimeoutMs: requestTimeoutMs,
    writeLog,
    stallThresholdMs: ctx.settings.watchStallS * 1000,
  });

  if (warmup > 0) {
    ctx.log(`warm-up: ${warmup} objects`);
    await ctx.runPhase(churnWork(driver, 0, warmup, [scratch(), scratch(), scratch(), scratch()], deleteSends, ctx.limiter));
  }
  const rec: ChurnRecorders = [new StepRecorder(), new StepRecorder(), new StepRecorder(), new StepRecorder()];
  await ctx.beginMeasured([driver]);
  ctx.log(`churning ${ops} objects (${ctx.settings.rate ? `open loop at ${ctx.settings.rate} writes/s` : `closed loop, ${ctx.settings.concurrency} clients`})`);
  await ctx.runPhase(churnWork(driver, warmup, ops, rec, deleteSends, ctx.limiter, writeLog));
  const writes = rec.reduce((n, r) => n + r.successes, 0);
  ctx.log(`waiting for ${writes * watchers} events`);
  const seen = await pool.finish(writes, nowMicros() + phaseTimeoutMs * 1000, ctx.signal);
  await ctx.endMeasured();

  const firstSend = Math.min(...rec.map((r) => r.firstStartUs));
  const watch: WatchResult = {
    ...watchResult(seen, writes * watchers, firstSend),
    ...(seen.integrity ? { integrity: integrityResult(seen, firstSend, ctx.settings.watchStallS) } : {}),
  };
  return {
    steps: { create: rec[0], update1: rec[1], update2: rec[2], delete: rec[3] },
    writeSteps: [...churnSteps],
    readSteps: [],
    watch,
  };
}

/** The watchers' integrity counts for result.json; stall times in seconds from the first measured write. */
export function integrityResult(seen: MergedWatchStats, firstSendUs: number, stallThresholdS: number): NonNullable<WatchResult["integrity"]> {
  const i = seen.integrity!;
  const origin = Number.isFinite(firstSendUs) ? firstSendUs : 0;
  const stallList = i.stalls.map((s) => ({ watcher: s.watcher, beganS: round3((s.beganUs - origin) / 1e6), durationS: round3(Math.max(0, s.endedUs - s.beganUs) / 1e6), recovered: s.recovered }));
  return {
    gaps: i.gaps,
    duplicates: i.duplicates,
    outOfOrder: i.outOfOrder,
    phantomEvents: i.phantom,
    stalls: i.stalls.length,
    stallThresholdS,
    longestStallS: stallList.reduce((m, s) => Math.max(m, s.durationS), 0),
    stallList,
    perWatcher: (seen.integrityByWatcher ?? []).map((p) => ({ gaps: p.gaps, duplicates: p.duplicates, outOfOrder: p.outOfOrder, phantomEvents: p.phantom, stalls: p.stalls })),
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export const watchChurnProfile: Profile = {
  name: "watch-churn",
  summary: "W watchers while each object goes create, update, update, delete; event delivery and lag",
  defaults: { ops: 10_000, concurrency: 50 },
  multiTarget: false,
  uses: ["watchers"],
  run: runWatchChurn,
};
