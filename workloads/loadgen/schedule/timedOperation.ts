import { nowMicros } from "../measure/clock";
import type { OpError } from "../measure/errorClass";
import type { StepRecorder } from "../measure/stepRecorder";
import type { OpGate } from "./phaseRunner";
import type { TokenBucket } from "./tokenBucket";

export type OpOutcome = "ok" | "failed" | "stopped";

/**
 * Runs one operation through the gate and records it. The send time handed
 * to `send` is the moment the request goes out (writers stamp it into the
 * object); latency counts from the intended time in open loop.
 */
export async function timedOperation(
  recorder: StepRecorder,
  gate: OpGate,
  op: number,
  limiter: TokenBucket | undefined,
  send: (sendUs: number) => Promise<OpError | undefined>,
): Promise<OpOutcome> {
  let answer = gate.next(op);
  if (typeof answer === "object") answer = await answer;
  if (answer === false) return "stopped";
  if (limiter) {
    const wait = limiter.take();
    if (wait) await wait;
  }
  const sendUs = nowMicros();
  const err = await send(sendUs);
  const endUs = nowMicros();
  const from = answer === undefined ? sendUs : answer;
  if (err) {
    recorder.failure(err, from, endUs);
    return "failed";
  }
  recorder.success(from, endUs);
  return "ok";
}
