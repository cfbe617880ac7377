import { describe, expect, it } from "vitest";
import { defaultHotFraction, hotHcpCount } from "../../../infra/names/profiles";
import { resolveSettings } from "../loadgenSettings";
import { loadedTargets } from "../profiles/mixedLoad";
import { hotShardOf, shardOf } from "./hcpShards";

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

describe("hotShardOf", () => {
  it("splits 10 HCPs with 4 hot over 3 pods as worked by hand: hot 0 | 1 | 2-3, cold 4-5 | 6-7 | 8-9", () => {
    const shares = [0, 1, 2].map((i) => hotShardOf(names(10), i, 3, 4));
    expect(shares.map((s) => s.items)).toEqual([
      ["hcp-0", "hcp-4", "hcp-5"],
      ["hcp-1", "hcp-6", "hcp-7"],
      ["hcp-2", "hcp-3", "hcp-8", "hcp-9"],
    ]);
  });

  it("the hot fraction it gives makes exactly the shard's hot share hot in the load generator, for every split up to 1,000 HCPs", () => {
    for (let n = 1; n <= 1000; n += n < 50 ? 1 : 37) {
      const hot = hotHcpCount(n);
      for (const k of [1, 2, 3, Math.min(hot, 7), hot]) {
        if (k > hot) continue;
        const shares = Array.from({ length: k }, (_, i) => hotShardOf(names(n), i, k, hot));
        // The load generator's own rule (mixedLoad.loadedTargets) applied to each share.
        const hotOf = shares.map((s) => s.items.slice(0, loadedTargets(s.items.length, s.hotFraction)));
        expect(hotOf.flat().sort()).toEqual(names(n).slice(0, hot).sort());
        expect(shares.flatMap((s) => s.items).sort()).toEqual(names(n).sort());
      }
    }
  });

  it("refuses more shards than hot HCPs", () => {
    expect(() => hotShardOf(names(10), 0, 3, 2)).toThrow("3 shards cannot split 2 hot HCPs: each shard needs at least one");
  });
});

describe("hotHcpCount", () => {
  it("is the load generator's rule at its default hot fraction", () => {
    expect(resolveSettings({ target: { kind: "etcd", endpoint: "127.0.0.1:2379" }, profile: "mixed-hot" }).settings.hotFraction).toBe(defaultHotFraction);
    for (let n = 1; n <= 1000; n++) expect(hotHcpCount(n)).toBe(loadedTargets(n, defaultHotFraction));
    // By hand: 10 % of 10 is 1, of 11 rounds up to 2, of 100 is 10, and never fewer than one.
    expect([10, 11, 100, 3].map((n) => hotHcpCount(n))).toEqual([1, 2, 10, 1]);
  });
});
