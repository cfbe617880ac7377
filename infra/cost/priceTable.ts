import type { InstanceTypeName, RegionName } from "../aws/catalog";

/**
 * On-demand list prices (USD, Linux, no discounts) for what the AWS test-bed
 * runs, per region of infra/aws/catalog.ts. Dated, because AWS changes them:
 * recheck against the AWS pricing pages before quoting a figure elsewhere.
 * The `satisfies` clauses make a catalog entry without a price a compile error.
 */
export interface IoTwoIopsTier {
  /** Upper bound (inclusive) of provisioned IOPS per volume billed at this rate; null = no bound. */
  readonly upToIops: number | null;
  readonly usdPerIopsMonth: number;
}

export interface RegionPrices {
  /** EC2 instance-hour. */
  readonly ec2Hourly: Readonly<Record<InstanceTypeName, number>>;
  readonly ebs: {
    readonly gp3GbMonth: number;
    readonly io2GbMonth: number;
    /** io2 provisioned IOPS are tiered per volume: the first 32,000, the next 32,000, and the rest. */
    readonly io2IopsTiers: readonly [IoTwoIopsTier, IoTwoIopsTier, IoTwoIopsTier];
  };
  /** EKS control plane on standard support. */
  readonly eksClusterHourly: number;
  /** EKS control plane of a Kubernetes minor in extended support (EKS pricing page: $0.60 per cluster-hour). */
  readonly eksClusterExtendedHourly: number;
  readonly natGatewayHourly: number;
  /** Per GB processed by the NAT gateway: depends on traffic, so noted here but not estimated. */
  readonly natGatewayPerGb: number;
  /** An in-use public IPv4 address (the NAT gateway's Elastic IP). */
  readonly publicIpv4Hourly: number;
  /** A customer-managed KMS key (the EKS secrets key), requests aside. */
  readonly kmsKeyMonthly: number;
}

const usIo2Tiers = [
  { upToIops: 32000, usdPerIopsMonth: 0.065 },
  { upToIops: 64000, usdPerIopsMonth: 0.0455 },
  { upToIops: null, usdPerIopsMonth: 0.03185 },
] as const;

const usEc2 = {
  "t3.large": 0.0832,
  "t3.xlarge": 0.1664,
  "c5.2xlarge": 0.34,
  "c5.4xlarge": 0.68,
  "c5.9xlarge": 1.53,
  "c6i.4xlarge": 0.68,
  "m5.2xlarge": 0.384,
  "m5.4xlarge": 0.768,
  "m5.8xlarge": 1.536,
  "m6i.4xlarge": 0.768,
  "r6i.large": 0.126,
  "r6i.xlarge": 0.252,
  "r6i.2xlarge": 0.504,
} as const satisfies Record<InstanceTypeName, number>;

const usRegion: RegionPrices = {
  ec2Hourly: usEc2,
  ebs: { gp3GbMonth: 0.08, io2GbMonth: 0.125, io2IopsTiers: usIo2Tiers },
  eksClusterHourly: 0.1,
  eksClusterExtendedHourly: 0.6,
  natGatewayHourly: 0.045,
  natGatewayPerGb: 0.045,
  publicIpv4Hourly: 0.005,
  kmsKeyMonthly: 1,
};

export const priceTable = {
  asOf: "2026-11-01",
  currency: "USD",
  /** AWS's own month for monthly rates (GB-month, IOPS-month). */
  hoursPerMonth: 730,
  regions: {
    "us-east-1": usRegion,
    "us-east-2": usRegion,
    "us-west-2": usRegion,
    "eu-west-1": {
      ec2Hourly: {
        "t3.large": 0.0912,
        "t3.xlarge": 0.1824,
        "c5.2xlarge": 0.384,
        "c5.4xlarge": 0.768,
        "c5.9xlarge": 1.728,
        "c6i.4xlarge": 0.768,
        "m5.2xlarge": 0.428,
        "m5.4xlarge": 0.856,
        "m5.8xlarge": 1.712,
        "m6i.4xlarge": 0.856,
        "r6i.large": 0.141,
        "r6i.xlarge": 0.282,
        "r6i.2xlarge": 0.564,
      },
      ebs: {
        gp3GbMonth: 0.088,
        io2GbMonth: 0.138,
        io2IopsTiers: [
          { upToIops: 32000, usdPerIopsMonth: 0.072 },
          { upToIops: 64000, usdPerIopsMonth: 0.0504 },
          { upToIops: null, usdPerIopsMonth: 0.03528 },
        ],
      },
      eksClusterHourly: 0.1,
      eksClusterExtendedHourly: 0.6,
      natGatewayHourly: 0.048,
      natGatewayPerGb: 0.048,
      publicIpv4Hourly: 0.005,
      kmsKeyMonthly: 1,
    },
    "eu-central-1": {
      ec2Hourly: {
        "t3.large": 0.096,
        "t3.xlarge": 0.192,
        "c5.2xlarge": 0.388,
        "c5.4xlarge": 0.776,
        "c5.9xlarge": 1.746,
        "c6i.4xlarge": 0.776,
        "m5.2xlarge": 0.46,
        "m5.4xlarge": 0.92,
        "m5.8xlarge": 1.84,
        "m6i.4xlarge": 0.92,
        "r6i.large": 0.152,
        "r6i.xlarge": 0.304,
        "r6i.2xlarge": 0.608,
      },
      ebs: {
        gp3GbMonth: 0.0952,
        io2GbMonth: 0.149,
        io2IopsTiers: [
          { upToIops: 32000, usdPerIopsMonth: 0.078 },
          { upToIops: 64000, usdPerIopsMonth: 0.0546 },
          { upToIops: null, usdPerIopsMonth: 0.03822 },
        ],
      },
      eksClusterHourly: 0.1,
      eksClusterExtendedHourly: 0.6,
      natGatewayHourly: 0.052,
      natGatewayPerGb: 0.052,
      publicIpv4Hourly: 0.005,
      kmsKeyMonthly: 1,
    },
  } satisfies Record<RegionName, RegionPrices>,
  /** What the estimate leaves out, and why; `plan` prints these under the figure. */
  notes: [
    "S3 (results bucket) is left out: a sweep stores a few MB, well under a cent per hour.",
    "NAT gateway data processing (per GB) is left out: it depends on image pulls and chart downloads, not on time.",
    "CloudWatch control-plane logs, data transfer and KMS requests are left out.",
  ],
} as const;

export function pricesFor(region: string): RegionPrices {
  const prices = (priceTable.regions as Record<string, RegionPrices>)[region];
  if (!prices) throw new Error(`no prices for region ${region}; priced: ${Object.keys(priceTable.regions).join(", ")}`);
  return prices;
}
