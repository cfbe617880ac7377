import type { StoreDriver } from "../drivers/storeDriver";
import { nowMicros } from "../measure/clock";
import type { StepRecorder } from "../measure/stepRecorder";
import type { OpGate, PhaseWork } from "../schedule/phaseRunner";
import type { TokenBucket } from "../schedule/tokenBucket";

/** kubectl's page size: `kubectl get` lists in chunks of 500 and follows continue tokens. */
export const listPageSize = 500;

/**
 * `lists` full lists of the load objects, each paged as kubectl pages. One
 * list is one read operation, timed from its first page's send to its last
 * page's answer; every page is also timed on its own. A failed page fails
 * the list. onListed hears how many objects each successful list returned.
 */
export function pagedListWork(driver: StoreDriver, lists: number, list: StepRecorder, page: StepRecorder, limiter: TokenBucket | undefined, onListed?: (items: number) => void): PhaseWork {
  list.planned += lists;
  return {
    units: lists,
    opsPerUnit: 1,
    async runUnit(_unit, gate: OpGate) {
      let answer = gate.next(0);
      if (typeof answer === "object") answer = await answer;
      if (answer === false) {
        list.notAttempted++;
        return;
      }
      const startUs = nowMicros();
      let items = 0;
      let token: string | undefined;
      do {
        if (limiter) await limiter.take();
        const pageStart = nowMicros();
        const res = await driver.listPage(listPageSize, token);
        const pageEnd = nowMicros();
        page.planned++;
        if (res.error) {
          page.failure(res.error, pageStart, pageEnd);
          list.failure(res.error, answer ?? startUs, pageEnd);
          return;
        }
        page.success(pageStart, pageEnd);
        items += res.items;
        token = res.continueToken;
      } while (token);
      list.success(answer ?? startUs, nowMicros());
      onListed?.(items);
    },
    unsent() {
      list.notAttempted++;
    },
  };
}
