import { describe, expect, it } from "vitest";
import { loadStackConfig } from "../config/stackFiles";
import { backends } from "../../workloads/backends/registry";
import { runPlan } from "../../scripts/plan/runPlan";
import { billFromConfig } from "./billFromConfig";
import { billFromResources } from "./billFromResources";
import { estimateHourlyCost, estimateHourlyCostFromConfig } from "./estimate";
import { priceTable } from "./priceTable";

/*
 * The cost of two stacks recomputed by hand from the price table and the
 * topology the stack should have (ARCHITECTURE, BENCHMARK-SPEC §1), against
 * the estimate read from the evaluated program; then the config-only estimate
 * (for `sweep --dry-run`) against the resource-based one.
 */
const p = priceTable.regions["us-east-1"];
const month = priceTable.hoursPerMonth;

describe("estimateHourlyCost", () => {
  it("prices etcd-10: EKS, control + 3 hcp nodes, their root volumes (100 GiB, and 250 GiB on hcp nodes that hold the per-HCP volumes), Prometheus, NAT, its address, the KMS key", async () => {
    const { cfg, evaluation } = await runPlan("etcd-10");
    const hourly = p.eksClusterHourly + p.ec2Hourly["c5.4xlarge"] + 3 * p.ec2Hourly["m5.4xlarge"] + p.natGatewayHourly + p.publicIpv4Hourly;
    const monthly = (100 + 3 * 250 + 50) * p.ebs.gp3GbMonth + p.kmsKeyMonthly;
    const estimate = estimateHourlyCost(cfg, evaluation.resources);
    expect(estimate.hourlyUsd).toBeCloseTo(hourly + monthly / month, 9);
    expect(estimate.pricesAsOf).toBe(priceTable.asOf);
  });

  it("prices kine-postgres-100: adds the PostgreSQL node and its 100 GiB / 5000 IOPS io2 volume, nothing per HCP", async () => {
    const { cfg, evaluation } = await runPlan("kine-postgres-100");
    const hourly =
      p.eksClusterHourly + p.ec2Hourly["c5.4xlarge"] + 3 * p.ec2Hourly["m5.4xlarge"] + p.ec2Hourly["r6i.xlarge"] + p.natGatewayHourly + p.publicIpv4Hourly;
    const monthly =
      (2 * 100 + 3 * 250 + 50) * p.ebs.gp3GbMonth + 100 * p.ebs.io2GbMonth + 5000 * p.ebs.io2IopsTiers[0].usdPerIopsMonth + p.kmsKeyMonthly;
    const estimate = estimateHourlyCost(cfg, evaluation.resources);
    expect(estimate.hourlyUsd).toBeCloseTo(hourly + monthly / month, 9);
    expect(estimate.items.find((i) => i.item.startsWith("EBS io2 IOPS"))).toMatchObject({ quantity: 5000, unit: "IOPS-month" });
  });

  it("follows the configured pools and region", async () => {
    const { cfg, evaluation } = await runPlan("etcd-10", [
      "aws.region=eu-west-1",
      "aws.az=eu-west-1a",
      "cluster.pools.hcp.count=5",
      "cluster.pools.hcp.instanceType=m5.8xlarge",
    ]);
    const eu = priceTable.regions["eu-west-1"];
    const ec2 = estimateHourlyCost(cfg, evaluation.resources).items.find((i) => i.item === "EC2 m5.8xlarge (pool hcp)");
    expect(ec2).toMatchObject({ quantity: 5, unitUsd: eu.ec2Hourly["m5.8xlarge"], hourlyUsd: 5 * eu.ec2Hourly["m5.8xlarge"] });
  });

  it("is zero on the existing substrate", async () => {
    const { cfg, evaluation } = await runPlan("local");
    expect(estimateHourlyCost(cfg, evaluation.resources)).toMatchObject({ hourlyUsd: 0, items: [] });
  });
});

describe("estimateHourlyCostFromConfig", () => {
  const stacks = [...backends.map((b) => `${b.name}-10`), "kine-postgres-100", "kamaji-mysql-50", "local"];

  it.each(stacks)("%s: equals the estimate from the evaluated program, item by item", async (stack) => {
    const { cfg, evaluation } = await runPlan(stack);
    const fromResources = billFromResources(cfg, evaluation.resources);
    const fromConfig = billFromConfig(cfg);
    // Owners are named differently (claim names vs roles); the shapes and counts must match.
    const shape = (b: typeof fromConfig) => ({
      ...b,
      nodes: [...b.nodes].sort((x, y) => x.pool.localeCompare(y.pool)),
      volumes: b.volumes.map((v) => `${v.count} × ${v.type} ${v.sizeGiB} GiB ${v.iops} IOPS`).sort(),
    });
    expect(shape(fromConfig)).toEqual(shape(fromResources));
    expect(estimateHourlyCostFromConfig(cfg).hourlyUsd).toBeCloseTo(estimateHourlyCost(cfg, evaluation.resources).hourlyUsd, 9);
  });

  it("grows with the fleet only where each HCP has its own EBS volume (cluster.hcpStorage=ebs; node-local by default)", () => {
    const cost = (stack: string, overrides: string[] = []) => estimateHourlyCostFromConfig(loadStackConfig(stack, { overrides })).hourlyUsd;
    expect(cost("etcd-100")).toBeCloseTo(cost("etcd-10"), 9);
    const ebs = ["cluster.hcpStorage=ebs", "cluster.pools.hcp.count=6"];
    expect(cost("etcd-100", ebs) - cost("etcd-10", ebs)).toBeCloseTo((90 * p.ebs.gp3GbMonth) / month, 9);
    expect(cost("kine-postgres-100")).toBeCloseTo(cost("kine-postgres-10"), 9);
  });
});
