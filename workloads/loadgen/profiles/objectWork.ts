import type { StoreDriver } from "../drivers/storeDriver";
import { StepRecorder } from "../measure/stepRecorder";
import type { PhaseWork } from "../schedule/phaseRunner";
import { timedOperation } from "../schedule/timedOperation";
import type { TokenBucket } from "../schedule/tokenBucket";

/** Creates objects firstIndex .. firstIndex+count-1, one operation each. onCreated hears each success. */
export function createObjectsWork(driver: StoreDriver, firstIndex: number, count: number, recorder: StepRecorder, limiter: TokenBucket | undefined, onCreated?: (index: number) => void): PhaseWork {
  recorder.planned += count;
  return {
    units: count,
    opsPerUnit: 1,
    async runUnit(unit, gate) {
      const index = firstIndex + unit;
      const outcome = await timedOperation(recorder, gate, 0, limiter, (sendUs) => driver.create(index, sendUs));
      if (outcome === "stopped") recorder.notAttempted++;
      else if (outcome === "ok") onCreated?.(index);
    },
    unsent() {
      recorder.notAttempted++;
    },
  };
}

/** Recorders for throw-away (warm-up) operations. */
export const scratch = () => new StepRecorder();
