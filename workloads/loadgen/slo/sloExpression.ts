import { InputError } from "../../../infra/names/inputError";

/**
 * A service-level objective for a point, written as `--slo` takes it:
 *
 *   expression := clause ("," clause)*
 *   clause     := metric "<=" limit
 *   metric     := ("write" | "read" | "lag") "." percentile  |  "errors"
 *   percentile := "p50" | "p90" | "p95" | "p99" | "p999" | "max"
 *   limit      := number ("s" | "ms")    for write, read and lag (above 0)
 *               | number "%"            for errors (0 to 100)
 *   number     := digits ["." digits]
 *
 * Spaces around tokens are allowed; "≤" may stand for "<=". A clause replaces
 * the default clause on the same metric; the other defaults stay.
 */
export const percentiles = ["p50", "p90", "p95", "p99", "p999", "max"] as const;
export type Percentile = (typeof percentiles)[number];
export type LatencyMetric = `${"write" | "read" | "lag"}.${Percentile}`;
export type SloMetric = LatencyMetric | "errors";

export interface SloClause {
  readonly metric: SloMetric;
  /** Seconds for latency metrics; a fraction (0.001 = 0.1 %) for errors. */
  readonly limit: number;
  /** The clause as written (normalised spacing), e.g. "write.p99<=1s". */
  readonly text: string;
}

export type Slo = readonly SloClause[];

export const defaultSloExpression = "write.p99<=1s,lag.p99<=5s,errors<=0.1%";

const grammar = `clauses <metric><=<limit>, comma-separated: write|read|lag.p50|p90|p95|p99|p999|max with a limit in s or ms, or errors with a limit in % (e.g. "${defaultSloExpression}")`;

const clausePattern = /^([a-z0-9.]+)\s*(?:<=|≤)\s*(\d+(?:\.\d+)?)\s*(ms|s|%)$/;

function parseClause(raw: string): SloClause | string {
  const m = clausePattern.exec(raw);
  if (!m) return `"${raw}" is not <metric><=<limit>`;
  const [, metric, digits, unit] = m;
  const value = Number(digits);
  if (metric === "errors") {
    if (unit !== "%") return `errors takes a limit in % (got "${digits}${unit}")`;
    if (value > 100) return `errors limit must be at most 100 % (got ${digits} %)`;
    return { metric, limit: value / 100, text: `errors<=${digits}%` };
  }
  const [kind, pct] = metric.split(".");
  if (!["write", "read", "lag"].includes(kind) || !(percentiles as readonly string[]).includes(pct ?? "")) return `unknown metric "${metric}"`;
  if (unit === "%") return `${metric} takes a limit in s or ms (got "${digits}%")`;
  if (value <= 0) return `${metric} limit must be above 0 (got ${digits}${unit})`;
  return { metric: metric as LatencyMetric, limit: unit === "ms" ? value / 1000 : value, text: `${metric}<=${digits}${unit}` };
}

/** Clauses of one expression, in the order written; throws a one-line InputError naming --slo when it does not parse. */
export function parseSloClauses(expression: string): Slo {
  const parts = expression.split(",").map((p) => p.trim());
  const clauses: SloClause[] = [];
  for (const part of parts) {
    const c = parseClause(part);
    if (typeof c === "string") throw new InputError(`--slo: cannot read "${expression}": ${c}; allowed: ${grammar}`);
    if (clauses.some((k) => k.metric === c.metric)) throw new InputError(`--slo: cannot read "${expression}": ${c.metric} is given twice; allowed: ${grammar}`);
    clauses.push(c);
  }
  return clauses;
}

/** The SLO a point is judged by: the defaults, with each clause of `expression` replacing the default on its metric. */
export function parseSlo(expression?: string): Slo {
  const defaults = parseSloClauses(defaultSloExpression);
  if (expression === undefined) return defaults;
  const given = parseSloClauses(expression);
  return [...defaults.filter((d) => !given.some((g) => g.metric === d.metric)), ...given];
}

/** The SLO written back as one expression. */
export function sloText(slo: Slo): string {
  return slo.map((c) => c.text).join(",");
}
