import { describe, expect, it } from "vitest";
import type { LatencySummary, StepResult, WatchResult } from "../loadgenResult";
import { parseSlo } from "./sloExpression";
import { errorFraction, judgeSlo, sloLine } from "./sloVerdict";

const lat = (p99: number, count = 1000): LatencySummary => ({ count, mean: p99 / 2, p50: p99 / 3, p90: p99 / 2, p95: p99 * 0.8, p99, p999: p99 * 1.5, max: p99 * 2 });
const step = (o: { ok: number; errors?: number; notAttempted?: number; p99: number }): StepResult => ({
  planned: o.ok + (o.errors ?? 0) + (o.notAttempted ?? 0),
  successes: o.ok,
  errors: o.errors ?? 0,
  notAttempted: o.notAttempted ?? 0,
  skipped: 0,
  errorRate: 0,
  errorsByClass: { conflict: 0, throttled: 0, server: 0, timeout: 0, network: 0, rejected: 0 },
  firstErrorByClass: {},
  throughputOps: 0,
  activeWindowS: 1,
  latency: lat(o.p99, o.ok),
});
const watch = (p99: number, events: number, expected: number, complete: boolean): WatchResult => ({
  watchers: 1,
  expectedEvents: expected,
  events,
  eventsByType: { added: events, modified: 0, deleted: 0 },
  errors: 0,
  reconnects: 0,
  relists: 0,
  bookmarks: 0,
  eventRate: 0,
  lag: lat(p99, events),
  lagByType: { added: lat(p99, events), modified: lat(0, 0), deleted: lat(0, 0) },
  untimedEvents: 0,
  complete,
});

describe("SLO verdict", () => {
  it("counts errors and unsent operations against everything asked for", () => {
    // writes 997 ok + 2 errors + 1 not sent, reads 1000 ok: 3 bad of 2000 = 0.15 %.
    expect(errorFraction([step({ ok: 997, errors: 2, notAttempted: 1, p99: 0.1 }), step({ ok: 1000, p99: 0.01 })])).toBeCloseTo(0.0015, 12);
    expect(errorFraction([step({ ok: 0, p99: 0 })])).toBeNull();
  });

  it("meets the defaults when every figure is under its limit", () => {
    const v = judgeSlo(parseSlo(), { writes: step({ ok: 1000, p99: 0.9 }), reads: step({ ok: 1000, p99: 0.05 }), watch: watch(4.9, 1000, 1000, true), partial: false });
    expect(v).toMatchObject({ expression: "write.p99<=1s,lag.p99<=5s,errors<=0.1%", met: true, broken: [] });
    expect(v.checks.map((c) => [c.clause, c.measured, c.status])).toEqual([
      ["write.p99<=1s", 0.9, "met"],
      ["lag.p99<=5s", 4.9, "met"],
      ["errors<=0.1%", 0, "met"],
    ]);
  });

  it("names each broken clause with what was measured against its limit", () => {
    // write p99 1.2 s > 1 s; errors 2 of 1000 = 0.2 % > 0.1 %; lag 3 s <= 5 s.
    const v = judgeSlo(parseSlo(), { writes: step({ ok: 498, errors: 2, p99: 1.2 }), reads: step({ ok: 500, p99: 0.01 }), watch: watch(3, 498, 498, true), partial: false });
    expect(v.met).toBe(false);
    expect(v.broken).toEqual(["write.p99<=1s", "errors<=0.1%"]);
    expect(v.checks.find((c) => c.metric === "errors")).toMatchObject({ limit: 0.001, measured: 0.002, status: "broken" });
    expect(sloLine(v)).toBe("SLO broken: write.p99<=1s (measured 1.20 s), errors<=0.1% (measured 0.200 %)");
  });

  it("a watch that lost events breaks the lag clause even when the events that came were quick", () => {
    const v = judgeSlo(parseSlo(), { writes: step({ ok: 100, p99: 0.01 }), reads: step({ ok: 100, p99: 0.01 }), watch: watch(0.02, 90, 100, false), partial: false });
    expect(v.broken).toEqual(["lag.p99<=5s"]);
    expect(v.checks[1].note).toBe("10 of 100 events never arrived");
  });

  it("without a watch the lag clause is not measured, and a partial point never meets the SLO", () => {
    const v = judgeSlo(parseSlo(), { writes: step({ ok: 100, p99: 0.01 }), reads: step({ ok: 0, p99: 0 }), partial: true, partialReason: "target lost: x" });
    expect(v.checks[1]).toMatchObject({ clause: "lag.p99<=5s", measured: null, status: "not measured" });
    expect(v).toMatchObject({ met: false, broken: [], reason: "partial: target lost: x" });
  });
});
