import { describe, expect, it } from "vitest";
import { creationPredecessor, hcpDatabaseName, hcpNames } from "./hcpNames";

describe("hcpNames", () => {
  it("numbers from 1 with three digits up to 999 HCPs", () => {
    expect(hcpNames(3)).toEqual(["hcp-001", "hcp-002", "hcp-003"]);
    expect(hcpNames(100).at(-1)).toBe("hcp-100");
  });

  it("widens for 1,000 HCPs so names still sort in creation order", () => {
    const names = hcpNames(1000);
    expect(names[0]).toBe("hcp-0001");
    expect(names.at(-1)).toBe("hcp-1000");
    expect([...names].sort()).toEqual(names);
    expect(new Set(names).size).toBe(1000);
  });

  it("database and user names are plain SQL identifiers", () => {
    expect(hcpDatabaseName("hcp-042")).toBe("hcp_042");
    expect(hcpNames(1000).map(hcpDatabaseName).every((n) => /^[a-z_][a-z0-9_]*$/.test(n))).toBe(true);
  });
});

describe("creationPredecessor", () => {
  it("the first wave waits for nobody; HCP i waits for HCP i - parallelism", () => {
    expect([0, 1, 9].map((i) => creationPredecessor(i, 10))).toEqual([undefined, undefined, undefined]);
    expect(creationPredecessor(10, 10)).toBe(0);
    expect(creationPredecessor(25, 10)).toBe(15);
    expect(creationPredecessor(1, 1)).toBe(0);
  });

  it("never lets more than `parallelism` HCPs be in flight: each chain is serial", () => {
    const parallelism = 7;
    const chains = new Set<number>();
    for (let i = 0; i < 100; i++) {
      let root = i;
      for (let p = creationPredecessor(root, parallelism); p !== undefined; p = creationPredecessor(root, parallelism)) root = p;
      chains.add(root);
    }
    expect(chains.size).toBe(parallelism);
  });
});
