/**
 * The AWS names a stack may use. Config validation reads this list, so a
 * mistyped instance type or an AZ outside the region fails at plan time; the
 * price table (infra/cost/priceTable.ts) must price every entry here.
 */
export interface InstanceShape {
  readonly vcpu: number;
  readonly memoryGiB: number;
  /** Most network interfaces the type takes (EC2 user guide, "IP addresses per network interface per instance type"). */
  readonly maxNetworkInterfaces: number;
}

/**
 * Every type listed is a Nitro type whose attachment limit is shared: 28
 * slots for EBS volumes, network interfaces and instance-store volumes
 * together (EC2 user guide, "Amazon EBS volume limits for Amazon EC2 instances").
 */
export const nitroSharedAttachmentSlots = 28;

export const instanceTypes = {
  "t3.large": { vcpu: 2, memoryGiB: 8, maxNetworkInterfaces: 3 },
  "t3.xlarge": { vcpu: 4, memoryGiB: 16, maxNetworkInterfaces: 4 },
  "c5.2xlarge": { vcpu: 8, memoryGiB: 16, maxNetworkInterfaces: 4 },
  "c5.4xlarge": { vcpu: 16, memoryGiB: 32, maxNetworkInterfaces: 8 },
  "c5.9xlarge": { vcpu: 36, memoryGiB: 72, maxNetworkInterfaces: 8 },
  "c6i.4xlarge": { vcpu: 16, memoryGiB: 32, maxNetworkInterfaces: 8 },
  "m5.2xlarge": { vcpu: 8, memoryGiB: 32, maxNetworkInterfaces: 4 },
  "m5.4xlarge": { vcpu: 16, memoryGiB: 64, maxNetworkInterfaces: 8 },
  "m5.8xlarge": { vcpu: 32, memoryGiB: 128, maxNetworkInterfaces: 8 },
  "m6i.4xlarge": { vcpu: 16, memoryGiB: 64, maxNetworkInterfaces: 8 },
  "r6i.large": { vcpu: 2, memoryGiB: 16, maxNetworkInterfaces: 3 },
  "r6i.xlarge": { vcpu: 4, memoryGiB: 32, maxNetworkInterfaces: 4 },
  "r6i.2xlarge": { vcpu: 8, memoryGiB: 64, maxNetworkInterfaces: 4 },
} as const satisfies Record<string, InstanceShape>;

export type InstanceTypeName = keyof typeof instanceTypes;
export const instanceTypeNames = Object.keys(instanceTypes) as [InstanceTypeName, ...InstanceTypeName[]];

/** Regions with a dated price table, and the zone letters each one has. */
export const regions = {
  "us-east-1": ["a", "b", "c", "d", "f"],
  "us-east-2": ["a", "b", "c"],
  "us-west-2": ["a", "b", "c", "d"],
  "eu-west-1": ["a", "b", "c"],
  "eu-central-1": ["a", "b", "c"],
} as const satisfies Record<string, readonly string[]>;

export type RegionName = keyof typeof regions;
export const regionNames = Object.keys(regions) as [RegionName, ...RegionName[]];

export function zonesOf(region: RegionName): string[] {
  return regions[region].map((letter) => `${region}${letter}`);
}
