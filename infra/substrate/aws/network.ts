import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../config/schema";
import { allSubnets, subnetLayout, type SubnetSpec } from "./subnetLayout";
import {
  lockedDefaultSecurityGroupArgs,
  natGatewayArgs,
  privateRouteTableArgs,
  publicRouteTableArgs,
  s3GatewayEndpointArgs,
  subnetArgs,
  vpcArgs,
} from "./networkSpec";

/** The test-bed's VPC: one zone for everything that runs, a second small pair of subnets for EKS's control-plane ENIs. */
export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  /** The only subnet nodes (and so volumes and databases) use. */
  readonly nodeSubnetId: pulumi.Output<string>;
  /** Subnets handed to EKS for its control plane: both zones. */
  readonly clusterPrivateSubnetIds: pulumi.Output<string>[];
  readonly clusterPublicSubnetIds: pulumi.Output<string>[];
  /** The NAT gateway: nodes reach the internet (images, charts) only through it. */
  readonly natGateway: aws.ec2.NatGateway;

  constructor(name: string, cfg: Config, opts: pulumi.ComponentResourceOptions) {
    super("hcpbench:substrate:Network", name, {}, opts);
    const child = { parent: this };
    const layout = subnetLayout(cfg);

    const vpc = new aws.ec2.Vpc(`${name}-vpc`, vpcArgs(layout), child);
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, lockedDefaultSecurityGroupArgs(vpc.id), child);
    const subnets = new Map<SubnetSpec, aws.ec2.Subnet>(
      allSubnets(layout).map((s) => [s, new aws.ec2.Subnet(`${name}-${s.name}`, subnetArgs(s, vpc.id), child)]),
    );
    const subnet = (s: SubnetSpec) => subnets.get(s)!;

    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: "hcpbench" } }, child);
    const eip = new aws.ec2.Eip(`${name}-nat-ip`, { domain: "vpc", tags: { Name: "hcpbench-nat" } }, child);
    this.natGateway = new aws.ec2.NatGateway(`${name}-nat`, natGatewayArgs(subnet(layout.publicMain).id, eip.id), { ...child, dependsOn: [igw] });

    const publicRt = new aws.ec2.RouteTable(`${name}-public-rt`, publicRouteTableArgs(vpc.id, igw.id), child);
    const privateRt = new aws.ec2.RouteTable(`${name}-private-rt`, privateRouteTableArgs(vpc.id, this.natGateway.id), child);
    for (const s of allSubnets(layout)) {
      const rt = s.tier === "public" ? publicRt : privateRt;
      new aws.ec2.RouteTableAssociation(`${name}-${s.name}-rta`, { subnetId: subnet(s).id, routeTableId: rt.id }, child);
    }
    new aws.ec2.VpcEndpoint(`${name}-s3-endpoint`, s3GatewayEndpointArgs(cfg.aws.region, vpc.id, [privateRt.id]), child);

    this.vpcId = vpc.id;
    this.nodeSubnetId = subnet(layout.nodes).id;
    this.clusterPrivateSubnetIds = [subnet(layout.nodes).id, subnet(layout.eksPrivate).id];
    this.clusterPublicSubnetIds = [subnet(layout.publicMain).id, subnet(layout.eksPublic).id];
    this.registerOutputs({ vpcId: this.vpcId, nodeSubnetId: this.nodeSubnetId });
  }
}
