import { nowMicros } from "../measure/clock";

/**
 * Work for one phase: `units` units (an object's create, or an object's whole
 * create-update-update-delete sequence), each of `opsPerUnit` operations.
 * runUnit performs one unit and records its operations; it receives, per
 * operation, the time that operation was meant to start (open loop) or
 * undefined (closed loop). unsent(i, fromOp) records a unit's operations from
 * fromOp on as never sent.
 */
export interface PhaseWork {
  readonly units: number;
  readonly opsPerUnit: number;
  runUnit(unit: number, gate: OpGate): Promise<void>;
  unsent(unit: number, fromOp: number): void;
}

/**
 * Asked before each operation of a unit: false means do not send it (the
 * phase timed out or was interrupted); a number is the intended start in µs,
 * from which its latency counts (open loop); undefined means latency counts
 * from the actual send (closed loop). Closed loop answers synchronously, to
 * keep a promise off the hot path.
 */
export type GateAnswer = number | undefined | false;
export interface OpGate {
  next(op: number): GateAnswer | Promise<GateAnswer>;
}

export interface PhaseLimits {
  /** Phase deadline in monotonic µs. */
  readonly deadlineUs: number;
  readonly signal?: AbortSignal;
}

function stopped(limits: PhaseLimits): boolean {
  return limits.signal?.aborted === true || nowMicros() >= limits.deadlineUs;
}

/**
 * Closed loop: `clients` clients, each starting its next unit when the last
 * one finished. Units not started when the phase stops are recorded unsent.
 */
export async function runClosedLoop(work: PhaseWork, clients: number, limits: PhaseLimits): Promise<void> {
  let next = 0;
  const gate: OpGate = { next: () => (stopped(limits) ? false : undefined) };
  const client = async () => {
    while (next < work.units && !stopped(limits)) await work.runUnit(next++, gate);
  };
  await Promise.all(Array.from({ length: Math.min(clients, work.units) }, client));
  for (let i = next; i < work.units; i++) work.unsent(i, 0);
}

/**
 * Open loop: operation k of the phase is meant to start at t0 + k / rate,
 * whether or not earlier ones have returned, and its latency counts from that
 * moment, so a stalled server shows as latency instead of as a slower
 * client. At most maxInFlight units run at once; one that has to wait for a
 * slot still counts from its intended time.
 */
export async function runOpenLoop(work: PhaseWork, ratePerSec: number, maxInFlight: number, limits: PhaseLimits): Promise<void> {
  const t0 = nowMicros();
  const intervalUs = 1e6 / ratePerSec;
  const intended = (unit: number, op: number) => t0 + (unit * work.opsPerUnit + op) * intervalUs;
  let inFlight = 0;
  let slotFreed: (() => void) | undefined;
  const running = new Set<Promise<void>>();
  let unit = 0;
  for (; unit < work.units; unit++) {
    // Wait for the unit's first operation to be due (timers are ms-coarse: everything due is released together).
    const due = intended(unit, 0);
    let now = nowMicros();
    if (due > now) {
      await sleepUntil(Math.min(due, limits.deadlineUs), limits.signal);
      now = nowMicros();
    }
    if (stopped(limits)) break;
    while (inFlight >= maxInFlight) {
      await new Promise<void>((r) => (slotFreed = r));
      if (stopped(limits)) break;
    }
    if (stopped(limits)) break;
    const u = unit;
    const gate: OpGate = {
      next: async (op) => {
        const at = intended(u, op);
        if (op > 0 && at > nowMicros()) await sleepUntil(Math.min(at, limits.deadlineUs), limits.signal);
        return stopped(limits) ? false : at;
      },
    };
    inFlight++;
    const p = work.runUnit(u, gate).finally(() => {
      inFlight--;
      running.delete(p);
      const wake = slotFreed;
      slotFreed = undefined;
      wake?.();
    });
    running.add(p);
  }
  await Promise.all(running);
  for (let i = unit; i < work.units; i++) work.unsent(i, 0);
}

function sleepUntil(us: number, signal?: AbortSignal): Promise<void> {
  const ms = (us - nowMicros()) / 1000;
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, Math.max(1, Math.floor(ms)));
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
