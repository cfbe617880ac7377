import { describe, expect, it } from "vitest";
import { instanceTypeNames, regionNames } from "../aws/catalog";
import { priceTable, pricesFor } from "./priceTable";

describe("priceTable", () => {
  it("is dated", () => {
    expect(priceTable.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("prices every instance type of the catalog in every catalog region", () => {
    for (const region of regionNames) {
      const p = pricesFor(region);
      for (const type of instanceTypeNames) expect(p.ec2Hourly[type], `${region} ${type}`).toBeGreaterThan(0);
      for (const v of [p.ebs.gp3GbMonth, p.ebs.io2GbMonth, p.eksClusterHourly, p.natGatewayHourly, p.natGatewayPerGb, p.publicIpv4Hourly, p.kmsKeyMonthly]) {
        expect(v).toBeGreaterThan(0);
      }
    }
  });

  it("has io2 IOPS tiers at 32,000 and 64,000 that get cheaper", () => {
    for (const region of regionNames) {
      const [a, b, c] = pricesFor(region).ebs.io2IopsTiers;
      expect([a.upToIops, b.upToIops, c.upToIops]).toEqual([32000, 64000, null]);
      expect(a.usdPerIopsMonth).toBeGreaterThan(b.usdPerIopsMonth);
      expect(b.usdPerIopsMonth).toBeGreaterThan(c.usdPerIopsMonth);
    }
  });

  it("prices bigger instances of a family higher", () => {
    for (const region of regionNames) {
      const ec2 = pricesFor(region).ec2Hourly;
      expect(ec2["c5.2xlarge"]).toBeLessThan(ec2["c5.4xlarge"]);
      expect(ec2["c5.4xlarge"]).toBeLessThan(ec2["c5.9xlarge"]);
      expect(ec2["m5.4xlarge"]).toBeCloseTo(2 * ec2["m5.2xlarge"], 6);
      expect(ec2["r6i.xlarge"]).toBeCloseTo(2 * ec2["r6i.large"], 6);
    }
  });

  it("refuses a region it has no prices for", () => {
    expect(() => pricesFor("ap-south-1")).toThrow(/no prices for region ap-south-1/);
  });
});
