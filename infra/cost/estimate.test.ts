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
/** A day when the default EKS 1.33 is on standard support (EKS release calendar: until 2026-07-29). */
const standardDay = new Date("2026-05-01T12:00:00Z");

describe("EKS control plane by Kubernetes version and the run's date", () => {
  // EKS pricing: $0.10 per cluster-hour on standard support, $0.60 on extended support. EKS release calendar:
  // 1.33 leaves standard support on 2026-07-29 and extended support on 2027-07-29; 1.34 leaves standard support on 2026-12-02.
  const eksLine = (version: string, day: string) => {
    const e = estimateHourlyCostFromConfig(loadStackConfigWith(version), new Date(`${day}T12:00:00Z`));
    return { item: e.items.find((i) => i.item.startsWith("EKS control plane"))!, notes: e.notes, hourlyUsd: e.hourlyUsd };
  };
  const loadStackConfigWith = (version: string) => ({ ...loadStackConfig("etcd-10"), cluster: { ...loadStackConfig("etcd-10").cluster, kubernetesVersion: version } });

  it("prices a version on standard support at $0.10/h and in extended support at $0.60/h, switching on the calendar's day", () => {
    expect(eksLine("1.33", "2026-07-28").item).toMatchObject({ item: "EKS control plane (1.33, standard support)", unitUsd: 0.1 });
    expect(eksLine("1.33", "2026-07-29").item).toMatchObject({ item: "EKS control plane (1.33, extended support)", unitUsd: 0.6 });
    expect(eksLine("1.33", "2026-07-29").hourlyUsd - eksLine("1.33", "2026-07-28").hourlyUsd).toBeCloseTo(0.5, 9);
    expect(eksLine("1.34", "2026-11-30").item.unitUsd).toBe(0.1);
    expect(eksLine("1.34", "2026-12-02").item.unitUsd).toBe(0.6);
  });

  it("says so when EKS no longer runs the version, or when the calendar does not know it", () => {
    expect(eksLine("1.33", "2027-07-29").notes).toContain("EKS 1.33 is past the end of extended support on 2027-07-29: EKS no longer runs it");
    expect(eksLine("1.99", "2026-11-30").notes.some((n) => n.startsWith("EKS 1.99 is not in hcpbench's EKS release calendar"))).toBe(true);
  });
});

describe("estimateHourlyCost", () => {
  it("prices etcd-10: EKS, control + 3 hcp nodes, their root volumes (100 GiB, and 250 GiB on hcp nodes that hold the per-HCP volumes), Prometheus, NAT, its address, the KMS key", async () => {
    const { cfg, evaluation } = await runPlan("etcd-10");
    const hourly = p.eksClusterHourly + p.ec2Hourly["c5.4xlarge"] + 3 * p.ec2Hourly["m5.4xlarge"] + p.natGatewayHourly + p.publicIpv4Hourly;
    const monthly = (100 + 3 * 250 + 50) * p.ebs.gp3GbMonth + p.kmsKeyMonthly;
    const estimate = estimateHourlyCost(cfg, evaluation.resources, standardDay);
    expect(estimate.hourlyUsd).toBeCloseTo(hourly + monthly / month, 9);
    expect(estimate.pricesAsOf).toBe(priceTable.asOf);
  });

  it("prices kine-postgres-100: adds the PostgreSQL node and its 100 GiB / 5000 IOPS io2 volume, nothing per HCP", async () => {
    const { cfg, evaluation } = await runPlan("kine-postgres-100");
    const hourly =
      p.eksClusterHourly + p.ec2Hourly["c5.4xlarge"] + 3 * p.ec2Hourly["m5.4xlarge"] + p.ec2Hourly["r6i.xlarge"] + p.natGatewayHourly + p.publicIpv4Hourly;
    const monthly =
      (2 * 100 + 3 * 250 + 50) * p.ebs.gp3GbMonth + 100 * p.ebs.io2GbMonth + 5000 * p.ebs.io2IopsTiers[0].usdPerIopsMonth + p.kmsKeyMonthly;
    const estimate = estimateHourlyCost(cfg, evaluation.resources, standardDay);
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
