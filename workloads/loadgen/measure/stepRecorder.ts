import { errorClasses, type ErrorClass, type StepResult } from "../loadgenResult";
import type { OpError } from "./errorClass";
import { LatencyHistogram } from "./latencyHistogram";

const zeroByClass = (): Record<ErrorClass, number> => Object.fromEntries(errorClasses.map((c) => [c, 0])) as Record<ErrorClass, number>;

/**
 * Counts and times one kind of measured operation. Every planned operation
 * ends in exactly one bucket: success, error (by class), not attempted, or
 * skipped, so planned = successes + errors + notAttempted + skipped.
 */
export class StepRecorder {
  readonly latency = new LatencyHistogram();
  planned = 0;
  successes = 0;
  errors = 0;
  notAttempted = 0;
  skipped = 0;
  readonly errorsByClass = zeroByClass();
  readonly firstErrorByClass: Partial<Record<ErrorClass, string>> = {};
  firstError: string | undefined;
  /** Active window in monotonic microseconds: first send, last completion. */
  firstStartUs = Infinity;
  lastEndUs = -Infinity;

  /** startUs: when the operation was sent (open loop: when it was meant to be sent). */
  success(startUs: number, endUs: number): void {
    this.successes++;
    this.latency.recordMicros(endUs - startUs);
    this.widen(startUs, endUs);
  }

  failure(err: OpError, startUs: number, endUs: number): void {
    this.errors++;
    this.errorsByClass[err.cls]++;
    this.firstErrorByClass[err.cls] ??= err.message;
    this.firstError ??= err.message;
    this.widen(startUs, endUs);
  }

  private widen(startUs: number, endUs: number): void {
    if (startUs < this.firstStartUs) this.firstStartUs = startUs;
    if (endUs > this.lastEndUs) this.lastEndUs = endUs;
  }

  get attempted(): number {
    return this.successes + this.errors;
  }

  /** Adds another recorder's operations into this one (aggregates, per-thread parts). */
  absorb(other: StepRecorder): this {
    this.latency.add(other.latency);
    this.planned += other.planned;
    this.successes += other.successes;
    this.errors += other.errors;
    this.notAttempted += other.notAttempted;
    this.skipped += other.skipped;
    for (const c of errorClasses) {
      this.errorsByClass[c] += other.errorsByClass[c];
      this.firstErrorByClass[c] ??= other.firstErrorByClass[c];
    }
    this.firstError ??= other.firstError;
    this.widen(other.firstStartUs, other.lastEndUs);
    return this;
  }

  static merged(parts: readonly StepRecorder[]): StepRecorder {
    const all = new StepRecorder();
    for (const p of parts) all.absorb(p);
    return all;
  }

  result(): StepResult {
    const windowS = this.lastEndUs > this.firstStartUs ? (this.lastEndUs - this.firstStartUs) / 1e6 : 0;
    const attempted = this.attempted;
    const firstErrorByClass = Object.fromEntries(Object.entries(this.firstErrorByClass).filter(([, v]) => v !== undefined));
    return {
      planned: this.planned,
      successes: this.successes,
      errors: this.errors,
      notAttempted: this.notAttempted,
      skipped: this.skipped,
      errorRate: attempted > 0 ? this.errors / attempted : 0,
      errorsByClass: { ...this.errorsByClass },
      firstErrorByClass,
      ...(this.firstError !== undefined ? { firstError: this.firstError } : {}),
      throughputOps: windowS > 0 ? this.successes / windowS : 0,
      activeWindowS: windowS,
      latency: this.latency.summary(),
    };
  }
}
