import { describe, expect, it } from "vitest";
import { makePassword, passwordAlphabet } from "./randomProviderStandIn";

describe("the random provider stand-in's passwords", () => {
  it("uses the classes the inputs leave on: special false leaves 26 + 26 + 10 letters and digits", () => {
    expect(passwordAlphabet({ length: 8, special: false })).toHaveLength(62);
    expect(passwordAlphabet({ length: 8, special: false, upper: false, lower: false })).toBe("0123456789");
    expect(passwordAlphabet({ length: 8, upper: false, lower: false, numeric: false, overrideSpecial: "-_" })).toBe("-_");
  });

  it("makes a password of the asked length from those characters only, different each time", () => {
    const a = makePassword({ length: 40, special: false });
    const b = makePassword({ length: 40, special: false });
    expect(a).toMatch(/^[A-Za-z0-9]{40}$/);
    // 62^40 values: two equal draws would mean no randomness at all.
    expect(a).not.toBe(b);
  });

  it("refuses a length below 1 and a password with no character class", () => {
    expect(() => makePassword({ length: 0 })).toThrow(/length/);
    expect(() => makePassword({ length: 4, upper: false, lower: false, numeric: false, special: false })).toThrow(/no character class/);
  });
});
