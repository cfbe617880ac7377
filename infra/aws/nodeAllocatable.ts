import { instanceTypes, type InstanceTypeName } from "./catalog";

/**
 * What the kubelet of an EKS node leaves to pods, by the rules of the EKS AMI
 * (awslabs/amazon-eks-ami, nodeadm/internal/kubelet/config.go):
 * - kube-reserved CPU: 6 % of the first core, 1 % of the second, 0.5 % of the
 *   third and fourth, 0.25 % of every core above four (getCPUMillicoresToReserve);
 * - kube-reserved memory: 11 MiB per pod the node may run, plus 255 MiB
 *   (GetMemoryMebibytesToReserve), with max pods from eni-max-pods.txt;
 * - eviction-hard memory.available 100Mi; no system-reserved.
 * Allocatable = capacity - kube-reserved - eviction threshold.
 *
 * Memory starts from the type's nominal size, which the kernel trims before the
 * kubelet sees it, so the memory figure is an upper bound: a total above it is
 * certainly above what the node can give.
 */

/** Max pods per type (awslabs/amazon-eks-ami nodeadm/internal/kubelet/eni-max-pods.txt: ENIs x (IPv4 per ENI - 1) + 2). */
export const eniMaxPods: Readonly<Record<InstanceTypeName, number>> = {
  "t3.large": 35,
  "t3.xlarge": 58,
  "c5.2xlarge": 58,
  "c5.4xlarge": 234,
  "c5.9xlarge": 234,
  "c6i.4xlarge": 234,
  "m5.2xlarge": 58,
  "m5.4xlarge": 234,
  "m5.8xlarge": 234,
  "m6i.4xlarge": 234,
  "r6i.large": 29,
  "r6i.xlarge": 58,
  "r6i.2xlarge": 58,
};

/** Per mille of a core reserved in each range of cores [from, to), as the AMI's ranges 0/1/2/4/all and 600/100/50/25 per 10,000. */
const cpuReserveRanges: readonly { fromM: number; toM: number; perTenThousand: number }[] = [
  { fromM: 0, toM: 1000, perTenThousand: 600 },
  { fromM: 1000, toM: 2000, perTenThousand: 100 },
  { fromM: 2000, toM: 4000, perTenThousand: 50 },
  { fromM: 4000, toM: Infinity, perTenThousand: 25 },
];

export function kubeReservedCpuM(vcpu: number): number {
  const totalM = vcpu * 1000;
  let reserved = 0;
  for (const r of cpuReserveRanges) if (totalM > r.fromM) reserved += Math.floor(((Math.min(totalM, r.toM) - r.fromM) * r.perTenThousand) / 10000);
  return reserved;
}

export function kubeReservedMemMi(maxPods: number): number {
  return 11 * maxPods + 255;
}

export const evictionHardMemMi = 100;

export interface Allocatable {
  readonly cpuM: number;
  readonly memMi: number;
}

/** One node of the type. */
export function nodeAllocatable(type: InstanceTypeName): Allocatable {
  const shape = instanceTypes[type];
  return {
    cpuM: shape.vcpu * 1000 - kubeReservedCpuM(shape.vcpu),
    memMi: shape.memoryGiB * 1024 - kubeReservedMemMi(eniMaxPods[type]) - evictionHardMemMi,
  };
}

/** A pool of `count` nodes of one type. */
export function poolAllocatable(pool: { readonly instanceType: InstanceTypeName; readonly count: number }): Allocatable {
  const one = nodeAllocatable(pool.instanceType);
  return { cpuM: one.cpuM * pool.count, memMi: one.memMi * pool.count };
}
