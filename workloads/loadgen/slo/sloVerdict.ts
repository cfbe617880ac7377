import type { SloCheck, SloVerdict, StepResult, WatchResult } from "../loadgenResult";
import { sloText, type Percentile, type Slo, type SloClause } from "./sloExpression";

/** What a point measured that an SLO can be judged on. */
export interface SloInput {
  readonly writes: StepResult;
  readonly reads: StepResult;
  readonly watch?: WatchResult;
  readonly partial: boolean;
  readonly partialReason?: string;
}

/**
 * Errors as the SLO counts them: failed operations plus operations never sent
 * (the phase ran out of time), over everything that was asked for. Skipped
 * operations (a step after a failed one) are left out: their cause is counted.
 */
export function errorFraction(steps: readonly StepResult[]): number | null {
  const bad = steps.reduce((n, s) => n + s.errors + s.notAttempted, 0);
  const all = steps.reduce((n, s) => n + s.successes + s.errors + s.notAttempted, 0);
  return all === 0 ? null : bad / all;
}

function check(c: SloClause, input: SloInput): SloCheck {
  const base = { clause: c.text, metric: c.metric, limit: c.limit };
  const judged = (measured: number | null, note?: string): SloCheck =>
    measured === null ? { ...base, measured: null, status: "not measured" } : { ...base, measured, status: measured <= c.limit ? "met" : "broken", ...(note ? { note } : {}) };
  if (c.metric === "errors") return judged(errorFraction([input.writes, input.reads]));
  const [kind, pct] = c.metric.split(".") as ["write" | "read" | "lag", Percentile];
  if (kind === "lag") {
    const w = input.watch;
    if (!w || w.expectedEvents === 0) return judged(null);
    // An event that never arrived has an unknown, unbounded lag: a lag clause cannot be met without it.
    if (!w.complete && w.events < w.expectedEvents) return { ...base, measured: w.lag[pct], status: "broken", note: `${w.expectedEvents - w.events} of ${w.expectedEvents} events never arrived` };
    return judged(w.lag[pct]);
  }
  const step = kind === "write" ? input.writes : input.reads;
  return judged(step.latency.count > 0 ? step.latency[pct] : null);
}

/** The point judged clause by clause; it meets the SLO when no clause broke and it ran to the end (not partial). */
export function judgeSlo(slo: Slo, input: SloInput): SloVerdict {
  const checks = slo.map((c) => check(c, input));
  const broken = checks.filter((k) => k.status === "broken").map((k) => k.clause);
  return {
    expression: sloText(slo),
    met: broken.length === 0 && !input.partial,
    broken,
    checks,
    ...(input.partial ? { reason: `partial: ${input.partialReason ?? "interrupted"}` } : {}),
  };
}

const shown = (metric: string, v: number) => (metric === "errors" ? `${(v * 100).toPrecision(3)} %` : v < 1 ? `${(v * 1000).toPrecision(3)} ms` : `${v.toPrecision(3)} s`);

/** One line: "SLO met (...)" or "SLO broken: write.p99<=1s (measured 1.52 s)". */
export function sloLine(v: SloVerdict): string {
  if (v.met) return `SLO met (${v.expression})`;
  const why = v.checks.filter((k) => k.status === "broken").map((k) => `${k.clause} (measured ${k.measured === null ? "nothing" : shown(k.metric, k.measured)}${k.note ? `; ${k.note}` : ""})`);
  return `SLO broken: ${[...why, ...(v.reason ? [v.reason] : [])].join(", ")}`;
}
