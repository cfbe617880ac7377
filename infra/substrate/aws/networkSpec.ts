import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { SubnetLayout, SubnetSpec } from "./subnetLayout";

/**
 * Arguments of the network's AWS resources, as pure functions of the subnet
 * layout and the ids they refer to. The Network component only registers them.
 */

export function vpcArgs(layout: SubnetLayout): aws.ec2.VpcArgs {
  // DNS hostnames: EKS nodes and the private API endpoint resolve through the VPC resolver.
  return { cidrBlock: layout.vpcCidr, enableDnsSupport: true, enableDnsHostnames: true, tags: { Name: "hcpbench" } };
}

/** Tags the AWS load-balancer integration reads to pick subnets; harmless when no Service asks for a load balancer. */
function elbRoleTag(spec: SubnetSpec): Record<string, string> {
  return spec.tier === "public" ? { "kubernetes.io/role/elb": "1" } : { "kubernetes.io/role/internal-elb": "1" };
}

export function subnetArgs(spec: SubnetSpec, vpcId: pulumi.Input<string>): aws.ec2.SubnetArgs {
  return {
    vpcId,
    cidrBlock: spec.cidr,
    availabilityZone: spec.az,
    // Nothing gets a public address: the public subnets hold only the NAT gateway (which has its own Elastic IP).
    mapPublicIpOnLaunch: false,
    tags: { Name: `hcpbench-${spec.name}`, "hcpbench:subnet-role": spec.role, ...elbRoleTag(spec) },
  };
}

export const anyIpv4 = "0.0.0.0/0";

export function publicRouteTableArgs(vpcId: pulumi.Input<string>, internetGatewayId: pulumi.Input<string>): aws.ec2.RouteTableArgs {
  return { vpcId, routes: [{ cidrBlock: anyIpv4, gatewayId: internetGatewayId }], tags: { Name: "hcpbench-public" } };
}

export function privateRouteTableArgs(vpcId: pulumi.Input<string>, natGatewayId: pulumi.Input<string>): aws.ec2.RouteTableArgs {
  return { vpcId, routes: [{ cidrBlock: anyIpv4, natGatewayId }], tags: { Name: "hcpbench-private" } };
}

/** One NAT gateway, in the main zone: the nodes live there, and a second one would only serve the EKS ENIs. */
export function natGatewayArgs(publicSubnetId: pulumi.Input<string>, allocationId: pulumi.Input<string>): aws.ec2.NatGatewayArgs {
  return { subnetId: publicSubnetId, allocationId, connectivityType: "public", tags: { Name: "hcpbench-nat" } };
}

/** Results and image layers from S3 go through a free gateway endpoint instead of the metered NAT gateway. */
export function s3GatewayEndpointArgs(
  region: string,
  vpcId: pulumi.Input<string>,
  routeTableIds: pulumi.Input<string>[],
): aws.ec2.VpcEndpointArgs {
  return { vpcId, serviceName: `com.amazonaws.${region}.s3`, vpcEndpointType: "Gateway", routeTableIds, tags: { Name: "hcpbench-s3" } };
}

/** The VPC's default security group, adopted and emptied: nothing should rely on its allow-all-from-itself rule. */
export function lockedDefaultSecurityGroupArgs(vpcId: pulumi.Input<string>): aws.ec2.DefaultSecurityGroupArgs {
  return { vpcId, ingress: [], egress: [], tags: { Name: "hcpbench-default-unused" } };
}
