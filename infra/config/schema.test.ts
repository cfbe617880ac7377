import { describe, expect, it } from "vitest";
import { eksSecondaryAz } from "./schema";
import { parseConfig } from "./stackFiles";

const cfg = (extra: Record<string, unknown>) => parseConfig({ fleet: { backend: "kine-postgres", count: 10 }, ...extra });

describe("config defaults", () => {
  it("reproduce the original topology: one zone, c5.4xlarge control, 3 × m5.4xlarge, r6i.xlarge databases on 100 GiB / 5000 IOPS io2", () => {
    const c = cfg({});
    expect(c.aws).toMatchObject({ region: "us-east-1", az: "us-east-1a", apiAccessCidrs: [] });
    expect(c.cluster.pools).toMatchObject({
      control: { instanceType: "c5.4xlarge", count: 1 },
      hcp: { instanceType: "m5.4xlarge", count: 3 },
      "db-postgres": { instanceType: "r6i.xlarge", count: 1 },
      "db-mysql": { instanceType: "r6i.xlarge", count: 1 },
    });
    expect(c.databases.volume).toEqual({ sizeGiB: 100, iops: 5000 });
    expect(c.results).toMatchObject({ keepBucket: true });
  });
});

describe("eksSecondaryAz", () => {
  it("takes the zone after aws.az, wrapping around, unless one is configured", () => {
    expect(eksSecondaryAz(cfg({}))).toBe("us-east-1b");
    expect(eksSecondaryAz(cfg({ aws: { az: "us-east-1f" } }))).toBe("us-east-1a");
    expect(eksSecondaryAz(cfg({ aws: { region: "eu-central-1", az: "eu-central-1c" } }))).toBe("eu-central-1a");
    expect(eksSecondaryAz(cfg({ aws: { az: "us-east-1b", eksSecondaryAz: "us-east-1d" } }))).toBe("us-east-1d");
  });
});

describe("io2 IOPS per GiB", () => {
  it("allows up to 1000 IOPS per GiB on AWS, and anything on a cluster you bring", () => {
    expect(cfg({ databases: { volume: { sizeGiB: 5, iops: 5000 } } }).databases.volume.iops).toBe(5000);
    expect(() => cfg({ databases: { volume: { sizeGiB: 4, iops: 5000 } } })).toThrow(/databases\.volume\.iops: must be at most 1000 per GiB/);
    expect(cfg({ substrate: "existing", databases: { volume: { sizeGiB: 4, iops: 5000 } } }).databases.volume.sizeGiB).toBe(4);
  });
});

describe("bench.shards", () => {
  it("defaults to one load pod and allows up to one per HCP", () => {
    expect(cfg({}).bench.shards).toBe(1);
    expect(cfg({ bench: { shards: 10 } }).bench.shards).toBe(10);
  });

  it("refuses 0, a fraction and more shards than HCPs, naming the setting and the range as one InputError line", () => {
    for (const bad of [0, 1.5]) expect(() => cfg({ bench: { shards: bad } })).toThrow(/bench\.shards/);
    let err: unknown;
    try {
      cfg({ bench: { shards: 11 } });
    } catch (e) {
      err = e;
    }
    expect((err as Error).name).toBe("InputError");
    expect((err as Error).message).toBe("hcpbench:bench.shards: must be between 1 and fleet.count (10): each shard drives at least one HCP (got 11)");
  });
});

describe("bench.shards with mixed-hot", () => {
  it("allows at most one shard per hot HCP (10 % of the fleet, rounded up), since each shard drives its share of them", () => {
    const hot = (shards: number, count: number) => parseConfig({ fleet: { backend: "kine-postgres", count }, bench: { shards, profiles: ["mixed-hot"] } });
    expect(hot(3, 25).bench.shards).toBe(3);
    expect(() => hot(4, 25)).toThrow("bench.shards: must be between 1 and 3 with mixed-hot: the hot HCPs (10 % of fleet.count 25) are split over the shards, each needs one (got 4)");
    expect(cfg({ bench: { shards: 4, profiles: ["mixed-uniform"] } }).bench.shards).toBe(4);
  });
});
