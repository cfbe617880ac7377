import { describe, expect, it } from "vitest";
import { clientSelfCheck } from "./selfCheck";

describe("the load generator's check on itself", () => {
  it("a relaxed client: its CPU in cores and as a share of the machine, and no verdict", () => {
    // 3 CPU-seconds over 10 s on 2 cores: 0.3 cores, 15 % of the machine.
    expect(clientSelfCheck({ cpuS: 3, wallS: 10, eventLoopDelayP99Ms: 12.345, cores: 2 })).toEqual({ client: { cpuCores: 0.3, cpuShare: 0.15, eventLoopDelayP99Ms: 12.35 } });
  });

  it("a late event loop or (nearly) every core busy makes the point invalid, saying why", () => {
    expect(clientSelfCheck({ cpuS: 1, wallS: 10, eventLoopDelayP99Ms: 250, cores: 2 }).invalid).toBe("event-loop delay p99 250 ms > 100 ms");
    expect(clientSelfCheck({ cpuS: 19, wallS: 10, eventLoopDelayP99Ms: 5, cores: 2 }).invalid).toBe("client used 1.9 of 2 cores (> 90 %)");
  });

  it("open loop: offered and achieved are recorded; a missed rate is named only when the client was saturated", () => {
    const served = clientSelfCheck({ cpuS: 1, wallS: 10, eventLoopDelayP99Ms: 5, cores: 2, offeredRate: 1000, achievedRate: 400 });
    // The target was slow, not the client: recorded, not invalid.
    expect(served).toMatchObject({ rates: { offered: 1000, achieved: 400 } });
    expect(served.invalid).toBeUndefined();
    expect(clientSelfCheck({ cpuS: 1, wallS: 10, eventLoopDelayP99Ms: 400, cores: 2, offeredRate: 1000, achievedRate: 400 }).invalid).toBe("event-loop delay p99 400 ms > 100 ms; achieved 400/s of 1000/s offered");
  });
});
