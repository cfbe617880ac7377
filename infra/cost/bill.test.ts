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

  it("turns monthly rates into hourly ones over 730 hours and sums every item (hand-worked from the eu-west-1 price list)", () => {
    const bill: Bill = {
      region: "eu-west-1",
      nodes: [{ pool: "hcp", instanceType: "m5.4xlarge", count: 3, rootVolumeGiB: 100 }],
      volumes: [{ owner: "db", type: "io2", sizeGiB: 100, iops: 40000, count: 2 }],
      eksClusters: 1,
      natGateways: 1,
      publicIpv4Addresses: 1,
      kmsKeys: 1,
    };
    // AWS list prices for eu-west-1 (as of the table's date): m5.4xlarge $0.856/h, EKS $0.10/h, NAT gateway $0.048/h,
    // public IPv4 $0.005/h; gp3 $0.088/GB-month, io2 $0.138/GB-month, io2 IOPS $0.072 (1-32,000), $0.0504 (32,001-64,000);
    // KMS key $1/month. A month is 730 hours.
    // Per hour:  3 x 0.856 = 2.568;  + 0.10 + 0.048 + 0.005 = 2.721
    // Per month: gp3 roots 3 x 100 GB x 0.088 = 26.40;  io2 2 x 100 GB x 0.138 = 27.60;
    //            IOPS per volume 32,000 x 0.072 = 2,304.00 + 8,000 x 0.0504 = 403.20 -> 2,707.20, x 2 = 5,414.40;  KMS 1.00
    //            = 5,469.40 / 730 = 7.4923287671
    // Total: 2.721 + 7.4923287671 = 10.2133287671 $/h
    const estimate = priceBill(bill);
    expect(estimate.hourlyUsd).toBeCloseTo(10.2133287671, 9);
    const hourlyOf = (item: string) => estimate.items.find((i) => i.item === item)?.hourlyUsd;
    expect(hourlyOf("EC2 m5.4xlarge (pool hcp)")).toBeCloseTo(2.568, 12);
    // 2 x 32,000 x 0.072 = 4,608 / 730 = 6.3123287671
    expect(hourlyOf("EBS io2 IOPS 1-32000 (2 × 100 GiB, db)")).toBeCloseTo(6.3123287671, 9);
    // 2 x 8,000 x 0.0504 = 806.40 / 730 = 1.1046575342
    expect(hourlyOf("EBS io2 IOPS 32001-40000 (2 × 100 GiB, db)")).toBeCloseTo(1.1046575342, 9);
    // 26.40 / 730 = 0.0361643836
    expect(hourlyOf("EBS gp3 root volumes (pool hcp)")).toBeCloseTo(0.0361643836, 9);
    expect(estimate.items.reduce((sum, i) => sum + i.hourlyUsd, 0)).toBeCloseTo(10.2133287671, 9);
  });
});
