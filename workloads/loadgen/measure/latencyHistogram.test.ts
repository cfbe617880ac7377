import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "./latencyHistogram";

describe("LatencyHistogram", () => {
  it("reports percentiles within HDR's 3-digit precision of the exact values", () => {
    const h = new LatencyHistogram();
    // 1..100000 µs, one each: exact p50 = 50000 µs, p90 = 90000, p95 = 95000, p99 = 99000 µs.
    for (let us = 1; us <= 100_000; us++) h.recordMicros(us);
    const s = h.summary();
    expect(s.count).toBe(100_000);
    expect(s.p50).toBeCloseTo(0.05, 3);
    expect(Math.abs(s.p90 - 0.09) / 0.09).toBeLessThan(0.001);
    expect(Math.abs(s.p95 - 0.095) / 0.095).toBeLessThan(0.001);
    expect(Math.abs(s.p99 - 0.099) / 0.099).toBeLessThan(0.001);
    expect(Math.abs(s.p999 - 0.0999) / 0.0999).toBeLessThan(0.001);
    expect(Math.abs(s.max - 0.1) / 0.1).toBeLessThan(0.001);
    expect(s.mean).toBeCloseTo(0.05, 3);
  });

  it("survives encoding (worker threads) and merges by adding counts", () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 0; i < 1000; i++) a.recordMicros(100);
    for (let i = 0; i < 1000; i++) b.recordMicros(10_000);
    const merged = LatencyHistogram.decode(a.encode());
    merged.add(LatencyHistogram.decode(b.encode()));
    const s = merged.summary();
    expect(s.count).toBe(2000);
    expect(s.p50).toBeCloseTo(0.0001, 5);
    expect(s.p99).toBeCloseTo(0.01, 4);
  });

  it("counts sub-microsecond values instead of dropping them", () => {
    const h = new LatencyHistogram();
    h.recordMicros(0.2);
    h.recordMicros(0);
    expect(h.count).toBe(2);
  });

  it("is empty-safe", () => {
    expect(new LatencyHistogram().summary()).toEqual({ count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 });
  });
});
