import { describe, expect, it } from "vitest";
import { coldOps, isRead, loadedTargets, mixedOfferedRate } from "./mixedLoad";

describe("mixed load", () => {
  it("spreads reads evenly: exactly floor(n x f) of the first n operations", () => {
    for (const f of [0, 0.1, 0.3, 0.5, 0.75, 1]) {
      let reads = 0;
      for (let i = 0; i < 1000; i++) {
        if (isRead(i, f)) reads++;
        expect(reads).toBe(Math.floor((i + 1) * f + 1e-9));
      }
    }
  });

  it("loads the hot share of the fleet, at least one HCP", () => {
    expect(loadedTargets(100, 0.1)).toBe(10);
    expect(loadedTargets(3, 0.1)).toBe(1);
    expect(loadedTargets(15, 0.1)).toBe(2);
    expect(loadedTargets(7, undefined)).toBe(7);
  });

  it("offers the per-HCP rate at the loaded HCPs only", () => {
    // mixed-hot, 10 HCPs at 50 ops/s with a hot share of 0.1: one HCP is loaded, 50 ops/s offered (not 10 x 50 = 500).
    expect(mixedOfferedRate(50, 10, 0.1)).toBe(50);
    // 7 HCPs, hot share 0.25: ceil(1.75) = 2 loaded, 2 x 40 = 80 ops/s.
    expect(mixedOfferedRate(40, 7, 0.25)).toBe(80);
    // mixed-uniform loads every HCP: 7 x 40 = 280.
    expect(mixedOfferedRate(40, 7, undefined)).toBe(280);
    // With cold tenants: 2 hot at 40 and 5 cold at 4: 80 + 20 = 100.
    expect(mixedOfferedRate(40, 7, 0.25, 4)).toBe(100);
  });

  it("loads a cold tenant for as long as the hot ones", () => {
    // 600 operations at 20/s is 30 s; at 2/s that is 60 operations.
    expect(coldOps(600, 20, 2)).toBe(60);
    expect(coldOps(10, 100, 1)).toBe(1);
  });
});
