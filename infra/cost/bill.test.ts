import { describe, expect, it } from "vitest";
import { emptyBill, io2IopsByTier, priceBill, type Bill } from "./bill";
import { priceTable, pricesFor } from "./priceTable";

const us = pricesFor("us-east-1");

describe("io2IopsByTier", () => {
  it("bills the first 32,000 IOPS of a volume at the first rate, the next 32,000 at the second, the rest at the third", () => {
    expect(io2IopsByTier(5000, us)).toEqual([{ from: 1, to: 5000, iops: 5000, usdPerIopsMonth: 0.065 }]);
    expect(io2IopsByTier(32000, us).map((t) => t.iops)).toEqual([32000]);
    expect(io2IopsByTier(70000, us).map((t) => [t.from, t.to, t.iops])).toEqual([
      [1, 32000, 32000],
      [32001, 64000, 32000],
      [64001, 70000, 6000],
    ]);
    expect(io2IopsByTier(0, us)).toEqual([]);
  });
});

describe("priceBill", () => {
  it("costs nothing for an empty bill", () => {
    expect(priceBill(emptyBill("us-east-1"))).toMatchObject({ hourlyUsd: 0, items: [], pricesAsOf: priceTable.asOf });
  });

  it("turns monthly rates into hourly ones over 730 hours and sums every item", () => {
    const bill: Bill = {
      region: "eu-west-1",
      nodes: [{ pool: "hcp", instanceType: "m5.4xlarge", count: 3, rootVolumeGiB: 100 }],
      volumes: [{ owner: "db", type: "io2", sizeGiB: 100, iops: 40000, count: 2 }],
      eksClusters: 1,
      natGateways: 1,
      publicIpv4Addresses: 1,
      kmsKeys: 1,
    };
    const eu = pricesFor("eu-west-1");
    const monthly =
      300 * eu.ebs.gp3GbMonth +
      200 * eu.ebs.io2GbMonth +
      2 * (32000 * eu.ebs.io2IopsTiers[0].usdPerIopsMonth + 8000 * eu.ebs.io2IopsTiers[1].usdPerIopsMonth) +
      eu.kmsKeyMonthly;
    const hourly = 3 * eu.ec2Hourly["m5.4xlarge"] + eu.eksClusterHourly + eu.natGatewayHourly + eu.publicIpv4Hourly;
    const estimate = priceBill(bill);
    expect(estimate.hourlyUsd).toBeCloseTo(hourly + monthly / 730, 10);
    expect(estimate.items.reduce((s, i) => s + i.hourlyUsd, 0)).toBeCloseTo(estimate.hourlyUsd, 10);
    for (const i of estimate.items) {
      const perHour = ["GB-month", "IOPS-month", "key-month"].includes(i.unit) ? (i.quantity * i.unitUsd) / 730 : i.quantity * i.unitUsd;
      expect(i.hourlyUsd).toBeCloseTo(perHour, 12);
    }
    expect(estimate.items.map((i) => i.item)).toContain("EBS io2 IOPS 32001-40000 (2 × 100 GiB, db)");
  });
});
