import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/stackFiles";
import { launchTemplateArgs, nodeGroupArgs } from "./nodePoolSpec";

const cfg = parseConfig({
  cluster: { pools: { hcp: { instanceType: "m6i.4xlarge", count: 5, diskGiB: 250 } } },
  fleet: { backend: "kine-mysql", count: 10 },
});
const tags = { "hcpbench:stack": "kine-mysql-10", "hcpbench:project": "hcpbench" };
const refs = { cluster: undefined as never, nodeRoleArn: "arn:role", subnetId: "subnet-a", launchTemplate: { id: "lt-1", version: "3" }, tags };

describe("launchTemplateArgs", () => {
  it("requires IMDSv2 with a hop limit of 2 and encrypts a gp3 root volume of the pool's size", () => {
    const lt = launchTemplateArgs(cfg, "hcp", tags);
    expect(lt.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 2, httpEndpoint: "enabled" });
    expect(lt.blockDeviceMappings).toEqual([
      { deviceName: "/dev/xvda", ebs: { volumeSize: 250, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
    ]);
  });

  it("tags the instances and volumes the node group launches with the stack", () => {
    const lt = launchTemplateArgs(cfg, "db-mysql", tags);
    const specs = lt.tagSpecifications as { resourceType: string; tags: Record<string, string> }[];
    expect(specs.map((s) => s.resourceType).sort()).toEqual(["instance", "volume"]);
    for (const s of specs) expect(s.tags).toMatchObject({ ...tags, Name: "hcpbench-kine-mysql-10-db-mysql" });
  });

  it("leaves security groups and the AMI to EKS", () => {
    const lt = launchTemplateArgs(cfg, "control", tags);
    expect(lt).not.toHaveProperty("vpcSecurityGroupIds");
    expect(lt).not.toHaveProperty("imageId");
    expect(lt).not.toHaveProperty("instanceType");
  });
});

describe("nodeGroupArgs", () => {
  it("sizes the group exactly from cluster.pools, in the one private subnet", () => {
    const ng = nodeGroupArgs(cfg, "hcp", refs);
    expect(ng.instanceTypes).toEqual(["m6i.4xlarge"]);
    expect(ng.scalingConfig).toEqual({ minSize: 5, desiredSize: 5, maxSize: 5 });
    expect(ng.subnetIds).toEqual(["subnet-a"]);
    expect(ng.launchTemplate).toEqual({ id: "lt-1", version: "3" });
  });

  it("labels every pool and taints all but hcp, in EKS's spelling", () => {
    expect(nodeGroupArgs(cfg, "hcp", refs)).toMatchObject({ labels: { "hcpbench.io/pool": "hcp" }, taints: [] });
    expect(nodeGroupArgs(cfg, "db-mysql", refs)).toMatchObject({
      labels: { "hcpbench.io/pool": "db-mysql" },
      taints: [{ key: "hcpbench.io/pool", value: "db-mysql", effect: "NO_SCHEDULE" }],
    });
  });
});
