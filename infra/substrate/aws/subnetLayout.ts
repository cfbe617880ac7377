import { eksSecondaryAz, type Config } from "../../config/schema";

/**
 * How the test-bed's /16 is cut. Nodes, volumes and databases live in one
 * zone (cross-zone latency stays out of the numbers); EKS insists on
 * control-plane subnets in two zones, so a second, small pair exists only for
 * the control plane's network interfaces.
 */
export interface SubnetSpec {
  /** Logical name, also the Pulumi resource name suffix. */
  readonly name: string;
  readonly az: string;
  readonly cidr: string;
  readonly tier: "private" | "public";
  /** `nodes`: where every node, volume and database lives; `eks-control-plane`: only EKS's ENIs. */
  readonly role: "nodes" | "nat" | "eks-control-plane";
}

export interface SubnetLayout {
  readonly vpcCidr: string;
  /** Private subnet of the main zone: every node group uses this one and no other. */
  readonly nodes: SubnetSpec;
  /** Public subnet of the main zone: the NAT gateway. */
  readonly publicMain: SubnetSpec;
  /** The second zone's pair, for EKS control-plane ENIs only. */
  readonly eksPrivate: SubnetSpec;
  readonly eksPublic: SubnetSpec;
}

/** The second octet of the configured 10.x.0.0/16 block (the schema guarantees the shape). */
function secondOctet(vpcCidr: string): number {
  const m = /^10\.(\d{1,3})\.0\.0\/16$/.exec(vpcCidr);
  if (!m || Number(m[1]) > 255) throw new Error(`aws.vpcCidr must be a 10.x.0.0/16 block (got "${vpcCidr}")`);
  return Number(m[1]);
}

export function subnetLayout(cfg: Config): SubnetLayout {
  const x = secondOctet(cfg.aws.vpcCidr);
  const secondary = eksSecondaryAz(cfg);
  return {
    vpcCidr: cfg.aws.vpcCidr,
    // /18: with the VPC CNI every pod takes a VPC address, and a 100-HCP fleet runs hundreds of pods.
    nodes: { name: "nodes", az: cfg.aws.az, cidr: `10.${x}.0.0/18`, tier: "private", role: "nodes" },
    publicMain: { name: "public", az: cfg.aws.az, cidr: `10.${x}.64.0/24`, tier: "public", role: "nat" },
    // /26 each: EKS needs a few free addresses per subnet for its ENIs, nothing else runs here.
    eksPrivate: { name: "eks-private", az: secondary, cidr: `10.${x}.65.0/26`, tier: "private", role: "eks-control-plane" },
    eksPublic: { name: "eks-public", az: secondary, cidr: `10.${x}.65.64/26`, tier: "public", role: "eks-control-plane" },
  };
}

export function allSubnets(layout: SubnetLayout): SubnetSpec[] {
  return [layout.nodes, layout.publicMain, layout.eksPrivate, layout.eksPublic];
}
