import { describe, expect, it } from "vitest";
import { shardOf } from "./hcpShards";

const names = (n: number) => Array.from({ length: n }, (_, i) => `hcp-${i}`);

describe("shardOf", () => {
  it("splits 10 HCPs over 3 pods as worked by hand: 0-2, 3-5, 6-9", () => {
    // floor(i*10/3): 0, 3, 6, 10.
    expect(shardOf(names(10), 0, 3)).toEqual(["hcp-0", "hcp-1", "hcp-2"]);
    expect(shardOf(names(10), 1, 3)).toEqual(["hcp-3", "hcp-4", "hcp-5"]);
    expect(shardOf(names(10), 2, 3)).toEqual(["hcp-6", "hcp-7", "hcp-8", "hcp-9"]);
  });

  it("gives one HCP per pod when there are as many pods as HCPs, and the whole fleet to a single pod", () => {
    expect([0, 1, 2, 3].map((i) => shardOf(names(4), i, 4))).toEqual([["hcp-0"], ["hcp-1"], ["hcp-2"], ["hcp-3"]]);
    expect(shardOf(names(4), 0, 1)).toEqual(names(4));
  });

  it("covers every HCP exactly once, in fleet order, with sizes differing by at most one", () => {
    for (const [n, k] of [[100, 7], [7, 7], [1000, 16], [5, 2]]) {
      const shards = Array.from({ length: k }, (_, i) => shardOf(names(n), i, k));
      expect(shards.flat()).toEqual(names(n));
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(Math.min(...sizes)).toBeGreaterThan(0);
    }
  });

  it("refuses an index outside 0..K-1 and more shards than HCPs", () => {
    expect(() => shardOf(names(4), 4, 4)).toThrow("shard index must be between 0 and 3 (got 4)");
    expect(() => shardOf(names(4), -1, 2)).toThrow(/shard index/);
    expect(() => shardOf(names(3), 0, 4)).toThrow("4 shards cannot split 3 HCPs");
  });
});
