import type { InstanceTypeName } from "../aws/catalog";
import { eksSupportAt } from "../aws/eksVersionCalendar";
import { priceTable, pricesFor, type RegionPrices } from "./priceTable";

/**
 * What a test-bed is made of, as far as the hourly cost goes. Built either
 * from the planned resources (billFromResources) or from config alone
 * (billFromConfig); priced the same way, so the two can be compared.
 */
export interface NodeLine {
  readonly pool: string;
  readonly instanceType: InstanceTypeName;
  readonly count: number;
  /** Root volume of each node (gp3). */
  readonly rootVolumeGiB: number;
}

export interface VolumeLine {
  /** Who claims the volumes, e.g. `StatefulSet hcpbench-data/postgres`. */
  readonly owner: string;
  readonly type: "io2" | "gp3";
  readonly sizeGiB: number;
  /** Provisioned IOPS per volume (io2 only; 0 for gp3, whose baseline is included). */
  readonly iops: number;
  readonly count: number;
}

export interface Bill {
  readonly region: string;
  readonly nodes: readonly NodeLine[];
  readonly volumes: readonly VolumeLine[];
  readonly eksClusters: number;
  readonly natGateways: number;
  readonly publicIpv4Addresses: number;
  readonly kmsKeys: number;
}

export interface CostItem {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitUsd: number;
  readonly hourlyUsd: number;
}

export interface CostEstimate {
  readonly hourlyUsd: number;
  readonly items: CostItem[];
  /** Date of the price table the figure comes from. */
  readonly pricesAsOf: string;
  readonly notes: readonly string[];
}

export function emptyBill(region: string): Bill {
  return { region, nodes: [], volumes: [], eksClusters: 0, natGateways: 0, publicIpv4Addresses: 0, kmsKeys: 0 };
}

const hourly = (unitUsd: number, quantity: number, unit: "hour" | "month") =>
  unit === "hour" ? unitUsd * quantity : (unitUsd * quantity) / priceTable.hoursPerMonth;

/** Splits one volume's provisioned IOPS over the per-volume tiers: [[iops, rate], ...]. */
export function io2IopsByTier(iops: number, prices: RegionPrices): { from: number; to: number; iops: number; usdPerIopsMonth: number }[] {
  const out: { from: number; to: number; iops: number; usdPerIopsMonth: number }[] = [];
  let floor = 0;
  for (const tier of prices.ebs.io2IopsTiers) {
    const ceiling = tier.upToIops ?? Number.POSITIVE_INFINITY;
    const inTier = Math.max(0, Math.min(iops, ceiling) - floor);
    if (inTier > 0) out.push({ from: floor + 1, to: Math.min(iops, ceiling), iops: inTier, usdPerIopsMonth: tier.usdPerIopsMonth });
    floor = ceiling;
  }
  return out;
}

function item(name: string, quantity: number, unit: string, unitUsd: number, per: "hour" | "month"): CostItem {
  return { item: name, quantity, unit, unitUsd, hourlyUsd: hourly(unitUsd, quantity, per) };
}

/**
 * The hourly figure of a bill. With the EKS Kubernetes version, the control plane is priced by where
 * that version stands on `at` (the run's date): standard support, or extended support at its own rate.
 */
export function priceBill(bill: Bill, eks: { kubernetesVersion?: string; at?: Date } = {}): CostEstimate {
  const prices = pricesFor(bill.region);
  const items: CostItem[] = [];
  const notes: string[] = [...priceTable.notes];
  if (bill.eksClusters > 0) {
    const support = eks.kubernetesVersion ? eksSupportAt(eks.kubernetesVersion, eks.at ?? new Date()) : "standard";
    const extended = support === "extended";
    const label = eks.kubernetesVersion ? `EKS control plane (${eks.kubernetesVersion}, ${extended ? "extended" : "standard"} support)` : "EKS control plane";
    items.push(item(label, bill.eksClusters, "cluster-hour", extended ? prices.eksClusterExtendedHourly : prices.eksClusterHourly, "hour"));
    if (support === "ended") notes.push(`EKS ${eks.kubernetesVersion} is past the end of extended support on ${(eks.at ?? new Date()).toISOString().slice(0, 10)}: EKS no longer runs it`);
    if (support === "unknown") notes.push(`EKS ${eks.kubernetesVersion} is not in hcpbench's EKS release calendar (infra/aws/eksVersionCalendar.ts): priced at standard support`);
  }
  for (const n of bill.nodes) {
    items.push(item(`EC2 ${n.instanceType} (pool ${n.pool})`, n.count, "instance-hour", prices.ec2Hourly[n.instanceType], "hour"));
    items.push(item(`EBS gp3 root volumes (pool ${n.pool})`, n.count * n.rootVolumeGiB, "GB-month", prices.ebs.gp3GbMonth, "month"));
  }
  for (const v of bill.volumes) {
    const label = `${v.count} × ${v.sizeGiB} GiB, ${v.owner}`;
    if (v.type === "gp3") {
      items.push(item(`EBS gp3 (${label})`, v.count * v.sizeGiB, "GB-month", prices.ebs.gp3GbMonth, "month"));
      continue;
    }
    items.push(item(`EBS io2 storage (${label})`, v.count * v.sizeGiB, "GB-month", prices.ebs.io2GbMonth, "month"));
    for (const t of io2IopsByTier(v.iops, prices)) {
      items.push(item(`EBS io2 IOPS ${t.from}-${t.to} (${label})`, v.count * t.iops, "IOPS-month", t.usdPerIopsMonth, "month"));
    }
  }
  if (bill.natGateways > 0) items.push(item("NAT gateway", bill.natGateways, "gateway-hour", prices.natGatewayHourly, "hour"));
  if (bill.publicIpv4Addresses > 0) items.push(item("Public IPv4 address", bill.publicIpv4Addresses, "address-hour", prices.publicIpv4Hourly, "hour"));
  if (bill.kmsKeys > 0) items.push(item("KMS key", bill.kmsKeys, "key-month", prices.kmsKeyMonthly, "month"));
  const hourlyUsd = items.reduce((sum, i) => sum + i.hourlyUsd, 0);
  return { hourlyUsd, items, pricesAsOf: priceTable.asOf, notes };
}
