import { describe, expect, it } from "vitest";
import { nowMicros } from "../measure/clock";
import { StepRecorder } from "../measure/stepRecorder";
import { runClosedLoop, runOpenLoop, type PhaseWork } from "./phaseRunner";
import { timedOperation } from "./timedOperation";
import { TokenBucket } from "./tokenBucket";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Units of one operation each; `delayMs(unit)` is how long the "server" takes. */
function work(units: number, rec: StepRecorder, delayMs: (unit: number) => number, inFlight = { now: 0, max: 0 }, limiter?: TokenBucket): PhaseWork {
  rec.planned += units;
  return {
    units,
    opsPerUnit: 1,
    async runUnit(unit, gate) {
      const outcome = await timedOperation(rec, gate, 0, limiter, async () => {
        inFlight.max = Math.max(inFlight.max, ++inFlight.now);
        await sleep(delayMs(unit));
        inFlight.now--;
        return undefined;
      });
      if (outcome === "stopped") rec.notAttempted++;
    },
    unsent: () => void rec.notAttempted++,
  };
}

const far = () => ({ deadlineUs: nowMicros() + 60e6 });

describe("closed loop", () => {
  it("keeps exactly `clients` operations in flight and runs every unit once", async () => {
    const rec = new StepRecorder();
    const inFlight = { now: 0, max: 0 };
    await runClosedLoop(work(60, rec, () => 2, inFlight), 6, far());
    expect(inFlight.max).toBe(6);
    expect(rec.result()).toMatchObject({ planned: 60, successes: 60, errors: 0, notAttempted: 0 });
  });

  it("counts units never started before the phase deadline as not attempted, not as errors", async () => {
    const rec = new StepRecorder();
    await runClosedLoop(work(1000, rec, () => 10), 2, { deadlineUs: nowMicros() + 100_000 });
    const r = rec.result();
    expect(r.successes).toBeGreaterThan(0);
    expect(r.notAttempted).toBeGreaterThan(500);
    expect(r.errors).toBe(0);
    expect(r.successes + r.notAttempted).toBe(1000);
  });

  it("stops starting units when aborted", async () => {
    const rec = new StepRecorder();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await runClosedLoop(work(1000, rec, () => 5), 1, { deadlineUs: nowMicros() + 60e6, signal: ac.signal });
    expect(rec.notAttempted).toBeGreaterThan(900);
    expect(rec.successes + rec.notAttempted).toBe(1000);
  });
});

describe("open loop", () => {
  it("sends at the target rate, whatever the latency", async () => {
    const rec = new StepRecorder();
    const t0 = nowMicros();
    // 200/s for 40 operations = 0.2 s (+0.1 s for the last answer), while each takes 100 ms: one client in a closed loop would need 4 s.
    await runOpenLoop(work(40, rec, () => 100), 200, 1000, far());
    const elapsedS = (nowMicros() - t0) / 1e6;
    expect(rec.successes).toBe(40);
    expect(elapsedS).toBeGreaterThan(0.29);
    expect(elapsedS).toBeLessThan(2);
  });

  it("counts latency from the intended send time, so a stall is not hidden", async () => {
    const rec = new StepRecorder();
    // One in-flight slot: unit 0 stalls 300 ms, units behind it are sent late; their latency must include the wait.
    await runOpenLoop(work(10, rec, (u) => (u === 0 ? 300 : 1)), 100, 1, far());
    const s = rec.result().latency;
    expect(s.count).toBe(10);
    // Unit 1 was due at 10 ms and sent at ~300 ms: ~290 ms of latency although the server answered in 1 ms.
    expect(s.p50).toBeGreaterThan(0.2);
  });
});

describe("token bucket", () => {
  it("limits request starts to qps after the burst", async () => {
    const rec = new StepRecorder();
    const t0 = nowMicros();
    await runClosedLoop(work(30, rec, () => 0, undefined, new TokenBucket(100, 10)), 30, far());
    // 10 at once, then 20 more at 100/s: about 0.2 s.
    const elapsedS = (nowMicros() - t0) / 1e6;
    expect(elapsedS).toBeGreaterThan(0.15);
    expect(elapsedS).toBeLessThan(1.5);
    expect(rec.successes).toBe(30);
  });
});
