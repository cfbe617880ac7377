import type * as aws from "@pulumi/aws";
import type * as eks from "@pulumi/eks";
import type * as pulumi from "@pulumi/pulumi";
import type { Config, PoolName } from "../../config/schema";
import { poolLabels, poolTaints } from "../pools";
import { namedTags, stackTagKey } from "./awsTags";

/** Root device of the EKS-optimized Amazon Linux 2023 AMIs the node groups run. */
export const rootDeviceName = "/dev/xvda";
export const nodeAmiType = "AL2023_x86_64_STANDARD";

/**
 * Launch template of one pool: IMDSv2 only (hop limit 2 so pods that need
 * instance metadata still reach it through the extra network hop), an
 * encrypted gp3 root volume, and tags on the instances and volumes the node
 * group launches (the provider's default tags do not reach those).
 * No AMI, instance type or security groups here: EKS fills the AMI, the node
 * group sets the type, and leaving security groups out keeps the EKS cluster
 * security group on the nodes.
 */
export function launchTemplateArgs(cfg: Config, pool: PoolName, tags: Record<string, string>): aws.ec2.LaunchTemplateArgs {
  const name = `hcpbench-${tags[stackTagKey]}-${pool}`;
  return {
    description: `hcpbench ${pool} pool nodes`,
    updateDefaultVersion: true,
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2, instanceMetadataTags: "disabled" },
    blockDeviceMappings: [
      {
        deviceName: rootDeviceName,
        ebs: { volumeSize: cfg.cluster.pools[pool].diskGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
      },
    ],
    tagSpecifications: [
      { resourceType: "instance", tags: namedTags(tags, name) },
      { resourceType: "volume", tags: namedTags(tags, name) },
    ],
    tags,
  };
}

/** EKS's spelling of a Kubernetes taint effect. */
const eksTaintEffect = { NoSchedule: "NO_SCHEDULE" } as const;

export interface NodeGroupRefs {
  readonly cluster: pulumi.Input<eks.Cluster>;
  readonly nodeRoleArn: pulumi.Input<string>;
  readonly subnetId: pulumi.Input<string>;
  readonly launchTemplate: { readonly id: pulumi.Input<string>; readonly version: pulumi.Input<string> };
  readonly tags: Record<string, string>;
}

/** A fixed-size managed node group for one pool, in the one zone's private subnet, labelled and (except `hcp`) tainted. */
export function nodeGroupArgs(cfg: Config, pool: PoolName, refs: NodeGroupRefs): eks.ManagedNodeGroupArgs {
  const { instanceType, count } = cfg.cluster.pools[pool];
  return {
    cluster: refs.cluster,
    nodeRoleArn: refs.nodeRoleArn,
    subnetIds: [refs.subnetId],
    amiType: nodeAmiType,
    capacityType: "ON_DEMAND",
    instanceTypes: [instanceType],
    // A benchmark needs a fixed amount of hardware: no autoscaling.
    scalingConfig: { minSize: count, desiredSize: count, maxSize: count },
    labels: poolLabels(pool),
    taints: poolTaints(pool).map((t) => ({ key: t.key, value: t.value, effect: eksTaintEffect[t.effect] })),
    launchTemplate: { id: refs.launchTemplate.id, version: refs.launchTemplate.version },
    tags: refs.tags,
  };
}
