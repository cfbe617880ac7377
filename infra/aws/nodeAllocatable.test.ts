import { describe, expect, it } from "vitest";
import { instanceTypeNames } from "./catalog";
import { eniMaxPods, kubeReservedCpuM, kubeReservedMemMi, nodeAllocatable, poolAllocatable } from "./nodeAllocatable";

describe("EKS node allocatable (amazon-eks-ami nodeadm rules)", () => {
  it("reserves CPU by the AMI's ranges, worked by hand", () => {
    // 16 vCPU: 6% of 1000 + 1% of 1000 + 0.5% of 2000 + 0.25% of 12000 = 60 + 10 + 10 + 30.
    expect(kubeReservedCpuM(16)).toBe(110);
    // 4 vCPU: 60 + 10 + 10, nothing above four cores.
    expect(kubeReservedCpuM(4)).toBe(80);
    expect(kubeReservedCpuM(2)).toBe(70);
    expect(kubeReservedCpuM(1)).toBe(60);
  });

  it("reserves 11 MiB per pod plus 255 MiB", () => {
    expect(kubeReservedMemMi(234)).toBe(2829);
    expect(kubeReservedMemMi(58)).toBe(893);
  });

  it("gives an m5.4xlarge 15,890m and 62,607 MiB, and three of them 47.67 cores", () => {
    // 15890m is also what Karpenter's instance-type table lists for m5.4xlarge (its own copy of the same rule).
    // Memory: 64 GiB = 65,536 MiB - 2,829 kube-reserved - 100 eviction threshold.
    expect(nodeAllocatable("m5.4xlarge")).toEqual({ cpuM: 15890, memMi: 62607 });
    expect(poolAllocatable({ instanceType: "m5.4xlarge", count: 3 })).toEqual({ cpuM: 47670, memMi: 187821 });
    // r6i.xlarge: 4,000 - 80; 32,768 - 893 - 100.
    expect(nodeAllocatable("r6i.xlarge")).toEqual({ cpuM: 3920, memMi: 31775 });
  });

  it("knows the max pods of every type a stack may use", () => {
    for (const t of instanceTypeNames) expect(eniMaxPods[t], t).toBeGreaterThan(0);
  });
});
