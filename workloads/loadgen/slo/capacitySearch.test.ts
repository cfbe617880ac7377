import { describe, expect, it } from "vitest";
import { capacityFound, clientBound, nextTenantCount, type TriedCount } from "./capacitySearch";

/** Plays the search against a verdict per count; returns the counts tried and the capacity found. */
function play(fleet: number, meets: (tenants: number) => boolean, saturatedFrom = Infinity): { tried: number[]; found: number; clientBound?: number } {
  const tried: TriedCount[] = [];
  for (let k = nextTenantCount(tried, fleet); k !== undefined; k = nextTenantCount(tried, fleet)) {
    expect(tried.map((t) => t.tenants)).not.toContain(k);
    tried.push({ tenants: k, met: meets(k), ...(k >= saturatedFrom ? { invalid: true } : {}) });
  }
  const bound = clientBound(tried);
  return { tried: tried.map((t) => t.tenants), found: capacityFound(tried), ...(bound !== undefined ? { clientBound: bound } : {}) };
}

describe("capacity search", () => {
  it("doubles to the first break, then bisects (fleet 10, breaks from 7)", () => {
    // 1, 2, 4 meet; 8 breaks; bisect (4+8)/2 = 6 meets; (6+8)/2 = 7 breaks; 6 and 7 are neighbours: N = 6.
    expect(play(10, (k) => k <= 6)).toEqual({ tried: [1, 2, 4, 8, 6, 7], found: 6 });
  });

  it("caps the doubling at the fleet size and stops when the whole fleet meets the SLO", () => {
    // 1, 2, 4, 8 meet; the next double, 16, is capped to 12, which meets: N = 12 (at least).
    expect(play(12, () => true)).toEqual({ tried: [1, 2, 4, 8, 12], found: 12 });
    expect(play(2, () => true)).toEqual({ tried: [1, 2], found: 2 });
  });

  it("stops at once when one tenant already breaks it", () => {
    expect(play(8, () => false)).toEqual({ tried: [1], found: 0 });
  });

  it("needs no bisection when the break is the next double", () => {
    // 1 meets, 2 breaks: neighbours, N = 1.
    expect(play(4, (k) => k < 2)).toEqual({ tried: [1, 2], found: 1 });
    // fleet 4: 1, 2 meet, 4 breaks; bisect (2+4)/2 = 3 breaks: N = 2.
    expect(play(4, (k) => k <= 2)).toEqual({ tried: [1, 2, 4, 3], found: 2 });
  });

  it("bisects a capped last step too (fleet 12, breaks from 10)", () => {
    // 1, 2, 4, 8 meet; 12 (capped 16) breaks; (8+12)/2 = 10 breaks; (8+10)/2 = 9 meets: N = 9.
    expect(play(12, (k) => k < 10)).toEqual({ tried: [1, 2, 4, 8, 12, 10, 9], found: 9 });
  });

  it("stops at a break the saturated load generator caused: a lower bound, not a bisection toward it", () => {
    // 1, 2, 4 meet; at 8 the client saturates and the SLO breaks: no bisection (6, 7 were never shown to break).
    expect(play(10, (k) => k <= 4, 8)).toEqual({ tried: [1, 2, 4, 8], found: 4, clientBound: 8 });
    // A saturated step that still met the SLO is a pass: the search goes on (and the real break bisects).
    expect(play(10, (k) => k <= 6, 4)).toEqual({ tried: [1, 2, 4, 8], found: 4, clientBound: 8 });
    expect(play(10, (k) => k <= 6, 9)).toEqual({ tried: [1, 2, 4, 8, 6, 7], found: 6 });
  });
});
