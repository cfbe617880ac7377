import type { StoreDriver } from "../drivers/storeDriver";
import type { TargetResult } from "../loadgenResult";
import { StepRecorder } from "../measure/stepRecorder";
import { runClosedLoop, runOpenLoop, type PhaseWork } from "../schedule/phaseRunner";
import { timedOperation } from "../schedule/timedOperation";
import type { TokenBucket } from "../schedule/tokenBucket";
import { createObjectsWork } from "./objectWork";
import type { ProfileContext, ProfileOutcome } from "./profile";
import { TenantWatch } from "./tenantWatch";

/** Targets that get load: the first ceil(fraction x n) of them (at least one), or all. */
export function loadedTargets(count: number, hotFraction: number | undefined): number {
  return hotFraction === undefined ? count : Math.min(count, Math.max(1, Math.ceil(hotFraction * count)));
}

/** Operations per second asked of the fleet: the per-HCP rate at each loaded HCP, and the cold rate (if any) at each of the others. */
export function mixedOfferedRate(ratePerHcp: number, targets: number, hotFraction: number | undefined, coldRate = 0): number {
  const hot = loadedTargets(targets, hotFraction);
  return ratePerHcp * hot + coldRate * (targets - hot);
}

/** Operations a cold tenant runs so that it is loaded for as long as the hot ones: ops / hot rate seconds at its own rate. */
export function coldOps(hotOps: number, hotRate: number, coldRate: number): number {
  return Math.max(1, Math.round((hotOps / hotRate) * coldRate));
}

/** Whether operation i is a read, spreading reads evenly: exactly round-down(n x f) of the first n are reads. */
export function isRead(i: number, readFraction: number): boolean {
  return Math.floor((i + 1) * readFraction) > Math.floor(i * readFraction);
}

/** Objects a target has, for reads to pick from; only successful creates enter. */
class CreatedObjects {
  private readonly indexes: Int32Array;
  private count = 0;
  constructor(capacity: number) {
    this.indexes = new Int32Array(Math.max(1, capacity));
  }
  add(index: number): void {
    if (this.count < this.indexes.length) this.indexes[this.count++] = index;
  }
  pick(): number {
    return this.count === 0 ? 0 : this.indexes[Math.floor(Math.random() * this.count)];
  }
  get size(): number {
    return this.count;
  }
}

function mixedWork(driver: StoreDriver, firstIndex: number, ops: number, readFraction: number, objects: CreatedObjects, write: StepRecorder, read: StepRecorder, limiter: TokenBucket | undefined): PhaseWork {
  let nextIndex = firstIndex;
  for (let i = 0; i < ops; i++) (isRead(i, readFraction) ? read : write).planned++;
  return {
    units: ops,
    opsPerUnit: 1,
    async runUnit(unit, gate) {
      if (isRead(unit, readFraction)) {
        const index = objects.pick();
        if ((await timedOperation(read, gate, 0, limiter, () => driver.get(index))) === "stopped") read.notAttempted++;
        return;
      }
      const index = nextIndex++;
      const outcome = await timedOperation(write, gate, 0, limiter, (sendUs) => driver.create(index, sendUs));
      if (outcome === "stopped") write.notAttempted++;
      else if (outcome === "ok") objects.add(index);
    },
    unsent(unit) {
      (isRead(unit, readFraction) ? read : write).notAttempted++;
    },
  };
}

/**
 * kplane's mixed scenarios: every loaded HCP gets writes (creates) and reads
 * (gets of objects it holds) at a fixed rate, open loop, all HCPs at once.
 * mixed-hot loads a hot subset of the fleet, mixed-uniform the whole fleet,
 * at the same per-HCP rate. Each target is seeded with objects first
 * (the warm-up), so reads never miss.
 */
export async function runMixed(ctx: ProfileContext, hotFraction: number | undefined): Promise<ProfileOutcome> {
  const { ops, warmup, readFraction, concurrency } = ctx.settings;
  // The profiles' defaults always carry a rate: these scenarios are open loop by definition.
  const rate = ctx.settings.rate ?? 1;
  const coldRate = hotFraction === undefined ? undefined : ctx.settings.coldRate;
  const hotCount = loadedTargets(ctx.drivers.length, hotFraction);
  // With a cold rate every HCP is a tenant under load: the hot ones first, the cold (quiet) ones after.
  const loaded = coldRate === undefined ? ctx.drivers.slice(0, hotCount) : [...ctx.drivers];
  const rateOf = (t: number) => (t < hotCount ? rate : coldRate!);
  const opsOf = (t: number) => (t < hotCount ? ops : coldOps(ops, rate, coldRate!));
  const seeds = Math.max(1, warmup);
  const objects = loaded.map(() => new CreatedObjects(seeds + 2 * ops));
  ctx.log(`seeding ${seeds} objects on each of ${loaded.length} HCPs`);
  await Promise.all(loaded.map((d, t) => runClosedLoop(createObjectsWork(d, 0, seeds, new StepRecorder(), ctx.limiter, (i) => objects[t].add(i)), concurrency, ctx.phaseLimits())));
  const nextIndex = loaded.map(() => seeds);
  const phase = async (tenants: readonly number[], writes: StepRecorder[], reads: StepRecorder[]) => {
    const limits = ctx.phaseLimits();
    await Promise.all(
      tenants.map((t, k) => {
        const first = nextIndex[t];
        nextIndex[t] += opsOf(t);
        return runOpenLoop(mixedWork(loaded[t], first, opsOf(t), readFraction, objects[t], writes[k], reads[k], ctx.limiter), rateOf(t), concurrency, limits);
      }),
    );
  };

  // The quiet tenants alone first, unmeasured in the totals: their p99 with nobody hot is the baseline the hot tenants inflate.
  let quietAlone: StepRecorder | undefined;
  const cold = loaded.map((_, t) => t).filter((t) => t >= hotCount);
  if (coldRate !== undefined) {
    ctx.log(`quiet tenants alone: ${coldRate} ops/s at each of ${cold.length} cold HCPs`);
    const w = cold.map(() => new StepRecorder());
    const r = cold.map(() => new StepRecorder());
    await phase(cold, w, r);
    quietAlone = StepRecorder.merged([...w, ...r]);
  }

  const writes = loaded.map(() => new StepRecorder());
  const reads = loaded.map(() => new StepRecorder());
  const { watchers, watchWorkers, requestTimeoutMs } = ctx.settings;
  ctx.log(`opening ${watchers} watch(es) on each of ${loaded.length} HCPs`);
  const watches = await Promise.all(
    loaded.map((d, t) => TenantWatch.open(d, ctx.specs[t], ctx.driverSettings, { watchers, workers: watchWorkers, firstMeasuredIndex: nextIndex[t], startTimeoutMs: requestTimeoutMs })),
  );
  await ctx.beginMeasured(loaded);
  ctx.log(`driving ${rate} ops/s (${Math.round(readFraction * 100)} % reads) at each of ${hotCount} of ${ctx.drivers.length} HCPs${coldRate !== undefined ? `, ${coldRate} ops/s at each of the other ${cold.length}` : ""}`);
  await phase(
    loaded.map((_, t) => t),
    writes,
    reads,
  );
  ctx.log(`waiting for each HCP's watch events`);
  const deadlineUs = ctx.phaseLimits().deadlineUs;
  const seen = await Promise.all(watches.map((w, t) => w.finish(writes[t].successes, deadlineUs, ctx.signal)));
  await ctx.endMeasured();
  const idle = new StepRecorder().result();
  const perTarget: TargetResult[] = ctx.drivers.map((d, t) => ({
    target: d.label,
    hot: t < hotCount,
    writes: t < loaded.length ? writes[t].result() : idle,
    reads: t < loaded.length ? reads[t].result() : idle,
    ...(t < loaded.length ? { rate: rateOf(t), watch: TenantWatch.targetWatch(seen[t]) } : {}),
  }));
  const tenants =
    quietAlone && coldRate !== undefined
      ? (() => {
          const alone = quietAlone.result().latency.p99;
          const withHot = StepRecorder.merged(cold.flatMap((t) => [writes[t], reads[t]])).result().latency.p99;
          return { hot: hotCount, cold: cold.length, hotRate: rate, coldRate, quietAloneP99S: alone, quietWithHotP99S: withHot, ...(alone > 0 ? { p99Inflation: withHot / alone } : {}) };
        })()
      : undefined;
  const fleet = TenantWatch.fleetWatch(seen, Math.min(...writes.map((w) => w.firstStartUs)));
  return {
    steps: { write: StepRecorder.merged(writes), read: StepRecorder.merged(reads) },
    writeSteps: ["write"],
    readSteps: ["read"],
    perTarget,
    watch: fleet.watch,
    watchLag: fleet.lag,
    offeredRate: mixedOfferedRate(rate, ctx.drivers.length, hotFraction, coldRate),
    ...(tenants ? { tenants } : {}),
  };
}
