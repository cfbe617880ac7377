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

  it("client-side queueing: recorded always, and a point whose requests mostly waited for a connection says so instead of passing as server latency", () => {
    const base = { cpuS: 1, wallS: 10, eventLoopDelayP99Ms: 5, cores: 2 };
    // 1,000 requests averaging 40 ms, 30 ms of it waiting for a connection: 75 % of the time was the client's queue.
    const queued = clientSelfCheck({ ...base, clientQueue: { requests: 1000, waitMeanS: 0.03, waitP99S: 0.05, requestMeanS: 0.04, share: 0.75 }, connectionsPerTarget: 1, clients: 40 });
    expect(queued.queueing).toEqual({ requests: 1000, waitMeanS: 0.03, waitP99S: 0.05, requestMeanS: 0.04, share: 0.75, dominated: true });
    expect(queued.invalid).toBe(
      "client-side queueing dominated latency: requests waited 30 ms of 40 ms on average (75 %) for a connection in the load generator (1 connection(s) per target for 40 clients), not in the server",
    );
    // 2 ms of 40 ms: 5 %, the server's time; recorded, no verdict.
    const served = clientSelfCheck({ ...base, clientQueue: { requests: 1000, waitMeanS: 0.002, waitP99S: 0.004, requestMeanS: 0.04, share: 0.05 } });
    expect(served.queueing?.dominated).toBe(false);
    expect(served.invalid).toBeUndefined();
  });
});
