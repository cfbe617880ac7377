import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/stackFiles";
import { allSubnets, subnetLayout } from "./subnetLayout";

const ipToInt = (ip: string) => ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
const range = (cidr: string) => {
  const [ip, bits] = cidr.split("/");
  const start = ipToInt(ip);
  return { start, end: start + 2 ** (32 - Number(bits)) - 1, aligned: start % 2 ** (32 - Number(bits)) === 0 };
};

describe("subnetLayout", () => {
  it("puts nodes and the NAT in aws.az and only the EKS pair in the second zone", () => {
    const layout = subnetLayout(parseConfig({ aws: { region: "eu-west-1", az: "eu-west-1b" }, fleet: { backend: "etcd", count: 1 } }));
    expect([layout.nodes.az, layout.publicMain.az]).toEqual(["eu-west-1b", "eu-west-1b"]);
    expect([layout.eksPrivate.az, layout.eksPublic.az]).toEqual(["eu-west-1c", "eu-west-1c"]);
    expect(layout.nodes).toMatchObject({ tier: "private", role: "nodes" });
    expect(allSubnets(layout).filter((s) => s.role === "eks-control-plane").map((s) => s.tier).sort()).toEqual(["private", "public"]);
  });

  it("honours aws.eksSecondaryAz", () => {
    const layout = subnetLayout(parseConfig({ aws: { eksSecondaryAz: "us-east-1d" }, fleet: { backend: "etcd", count: 1 } }));
    expect(layout.eksPrivate.az).toBe("us-east-1d");
  });

  it("cuts aligned, non-overlapping subnets inside the VPC block", () => {
    for (const vpcCidr of ["10.40.0.0/16", "10.0.0.0/16", "10.255.0.0/16"]) {
      const layout = subnetLayout(parseConfig({ aws: { vpcCidr }, fleet: { backend: "etcd", count: 1 } }));
      const vpc = range(vpcCidr);
      const subnets = allSubnets(layout).map((s) => range(s.cidr));
      for (const s of subnets) {
        expect(s.aligned).toBe(true);
        expect(s.start >= vpc.start && s.end <= vpc.end).toBe(true);
      }
      for (let i = 0; i < subnets.length; i++) {
        for (let j = i + 1; j < subnets.length; j++) expect(subnets[i].end < subnets[j].start || subnets[j].end < subnets[i].start).toBe(true);
      }
      // Every pod takes a VPC address: the node subnet must hold thousands.
      expect(range(layout.nodes.cidr).end - range(layout.nodes.cidr).start + 1).toBeGreaterThanOrEqual(16384);
    }
  });
});
