import { describe, expect, it } from "vitest";
import { kwokNodes, poolShapes } from "./clusterNodes";
import { hostPathVolumes, storageClassObject } from "./clusterVolumes";

/*
 * The fake nodes and volumes of `lab cluster up`, against hand-worked values:
 * allocatable by the EKS AMI's rule (awslabs/amazon-eks-ami nodeadm
 * kubelet/config.go: kube-reserved CPU 6 % of core 1, 1 % of core 2, 0.5 %
 * of cores 3-4, 0.25 % above; memory 11 MiB x max pods + 255 MiB; eviction
 * 100 MiB), labels and taints by ARCHITECTURE "Placement by pools".
 */
describe("kwok nodes per pool", () => {
  const nodes = kwokNodes(poolShapes());
  const byName = new Map(nodes.map((n) => [n.metadata!.name!, n]));

  it("builds the AWS default pools: 1 control, 3 hcp, 1 db-postgres, 1 db-mysql", () => {
    expect([...byName.keys()]).toEqual(["kwok-control-1", "kwok-hcp-1", "kwok-hcp-2", "kwok-hcp-3", "kwok-db-postgres-1", "kwok-db-mysql-1"]);
  });

  it("labels every node with its pool and taints every pool but hcp NoSchedule", () => {
    expect(byName.get("kwok-hcp-2")!.metadata!.labels!["hcpbench.io/pool"]).toBe("hcp");
    expect(byName.get("kwok-hcp-2")!.spec!.taints).toEqual([]);
    expect(byName.get("kwok-db-postgres-1")!.spec!.taints).toEqual([{ key: "hcpbench.io/pool", value: "db-postgres", effect: "NoSchedule" }]);
    expect(byName.get("kwok-control-1")!.spec!.taints).toEqual([{ key: "hcpbench.io/pool", value: "control", effect: "NoSchedule" }]);
    for (const n of nodes) expect(n.metadata!.annotations).toEqual({ "kwok.x-k8s.io/node": "fake" });
  });

  it("gives each node the allocatable an EKS node of the pool's instance type leaves to pods", () => {
    // m5.4xlarge: 16 vCPU, 64 GiB, 234 pods. CPU: 60 + 10 + 5 + 5 + 12 x 2.5 = 110m reserved. Memory: 65536 - (11 x 234 + 255) - 100.
    expect(byName.get("kwok-hcp-1")!.status!.allocatable).toEqual({ cpu: "15890m", memory: "62607Mi", pods: "234" });
    expect(byName.get("kwok-hcp-1")!.status!.capacity).toEqual({ cpu: "16", memory: "65536Mi", pods: "234" });
    // r6i.xlarge: 4 vCPU, 32 GiB, 58 pods. CPU: 60 + 10 + 5 + 5 = 80m. Memory: 32768 - (11 x 58 + 255) - 100.
    expect(byName.get("kwok-db-mysql-1")!.status!.allocatable).toEqual({ cpu: "3920m", memory: "31775Mi", pods: "58" });
    // c5.4xlarge: 16 vCPU, 32 GiB, 234 pods.
    expect(byName.get("kwok-control-1")!.status!.allocatable).toEqual({ cpu: "15890m", memory: "29839Mi", pods: "234" });
  });

  it("--nodes sets every pool's count", () => {
    expect(kwokNodes(poolShapes(2)).map((n) => n.metadata!.name)).toEqual([
      "kwok-control-1", "kwok-control-2", "kwok-hcp-1", "kwok-hcp-2", "kwok-db-postgres-1", "kwok-db-postgres-2", "kwok-db-mysql-1", "kwok-db-mysql-2",
    ]);
  });
});

describe("static volumes", () => {
  it("a class that provisions nothing and binds at once, and one folder per volume under the root", () => {
    expect(storageClassObject()).toMatchObject({ metadata: { name: "hcpbench-lab" }, provisioner: "kubernetes.io/no-provisioner", volumeBindingMode: "Immediate" });
    const pvs = hostPathVolumes("/tmp/c/volumes", [{ sizeGi: 5, count: 2 }, { sizeGi: 20, count: 1 }]);
    expect(pvs.map((p) => [p.metadata!.name, p.spec!.capacity!.storage, p.spec!.hostPath!.path, p.spec!.storageClassName])).toEqual([
      ["hcpbench-lab-5gi-01", "5Gi", "/tmp/c/volumes/hcpbench-lab-5gi-01", "hcpbench-lab"],
      ["hcpbench-lab-5gi-02", "5Gi", "/tmp/c/volumes/hcpbench-lab-5gi-02", "hcpbench-lab"],
      ["hcpbench-lab-20gi-01", "20Gi", "/tmp/c/volumes/hcpbench-lab-20gi-01", "hcpbench-lab"],
    ]);
  });
});
