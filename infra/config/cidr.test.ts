import { describe, expect, it } from "vitest";
import { apiAccessCidrProblem, parseCidr } from "./cidr";

describe("CIDR blocks", () => {
  it("parses both families with the prefix lengths each allows", () => {
    expect(parseCidr("198.51.100.7/32")).toEqual({ family: 4, address: "198.51.100.7", prefix: 32 });
    expect(parseCidr("10.0.0.0/8")).toEqual({ family: 4, address: "10.0.0.0", prefix: 8 });
    expect(parseCidr("2001:db8::/128")).toEqual({ family: 6, address: "2001:db8::", prefix: 128 });
    expect(parseCidr("2001:db8::/129")).toMatch(/from 0 to 128/);
    expect(parseCidr("10.0.0.0/33")).toMatch(/from 0 to 32/);
  });

  it("refuses what only looks like a block", () => {
    for (const bad of ["10.0.0.0", "10.0.0/8", "010.0.0.0/8", "10.0.0.0/08", "10.0.0.0/+8", "10.0.0.0/ 8", "10.0.0.0/-1", "10.0.0.0/"]) {
      expect(typeof parseCidr(bad), bad).toBe("string");
    }
  });

  it("lets the public API take a narrow IPv4 block and nothing that covers everything", () => {
    expect(apiAccessCidrProblem("198.51.100.0/24")).toBeUndefined();
    expect(apiAccessCidrProblem("0.0.0.0/0")).toMatch(/every address/);
    expect(apiAccessCidrProblem("203.0.113.9/0")).toMatch(/every address/);
    expect(apiAccessCidrProblem("::/0")).toMatch(/every address/);
  });
});
