import { describe, expect, it } from "vitest";
import { isRead, loadedTargets } from "./mixedLoad";

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
});
