import { StepRecorder } from "../measure/stepRecorder";
import { runClosedLoop } from "../schedule/phaseRunner";
import { createObjectsWork, scratch } from "./objectWork";
import { listPageSize, pagedListWork } from "./pagedList";
import type { Profile, ProfileContext, ProfileOutcome } from "./profile";

/**
 * create-list: create N ConfigMaps, then list them back. The namespace starts
 * empty (leftovers are deleted and waited for before anything is written), so
 * every list sees exactly the objects this run created: nothing is deleted
 * in the background while writing. Warm-up objects are created, listed once,
 * and deleted again before measurement starts.
 */
export async function runCreateList(ctx: ProfileContext): Promise<ProfileOutcome> {
  const driver = ctx.drivers[0];
  const { ops, warmup, concurrency, lists, phaseTimeoutMs } = ctx.settings;
  const create = new StepRecorder();
  const list = new StepRecorder();
  const listPage = new StepRecorder();

  if (warmup > 0) {
    ctx.log(`warm-up: ${warmup} creates and one list`);
    await ctx.runPhase(createObjectsWork(driver, 0, warmup, scratch(), ctx.limiter));
    await runClosedLoop(pagedListWork(driver, 1, scratch(), scratch(), ctx.limiter), 1, ctx.phaseLimits());
    await driver.deleteLeftovers(phaseTimeoutMs);
  }

  await ctx.beginMeasured([driver]);
  ctx.log(`creating ${ops} objects (${modeOf(ctx)})`);
  await ctx.runPhase(createObjectsWork(driver, warmup, ops, create, ctx.limiter));
  let observedItems = -1;
  let mismatchedLists = 0;
  ctx.log(`listing them back ${lists} times (pages of ${listPageSize})`);
  await ctx.runPhase(
    pagedListWork(driver, lists, list, listPage, ctx.limiter, (items) => {
      if (observedItems < 0) observedItems = items;
      if (items !== create.successes) mismatchedLists++;
    }),
  );
  await ctx.endMeasured();
  return {
    steps: { create, list, listPage },
    writeSteps: ["create"],
    readSteps: ["list"],
    list: {
      expectedItems: create.successes,
      observedItems: Math.max(0, observedItems),
      mismatchedLists,
      pageSize: listPageSize,
      pagesPerList: Math.max(1, Math.ceil(create.successes / listPageSize)),
    },
  };
}

function modeOf(ctx: ProfileContext): string {
  return ctx.settings.rate ? `open loop at ${ctx.settings.rate}/s` : `closed loop, ${ctx.settings.concurrency} clients`;
}

export const createListProfile: Profile = {
  name: "create-list",
  summary: "create N ConfigMaps, then list them back in pages of 500",
  defaults: { ops: 10_000, concurrency: 50 },
  multiTarget: false,
  uses: ["lists"],
  run: runCreateList,
};
