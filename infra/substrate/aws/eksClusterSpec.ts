import type * as aws from "@pulumi/aws";
import type * as eks from "@pulumi/eks";
import type * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../config/schema";
import { placementFor } from "../pools";

/** Control-plane logs that matter for security and for reading an API server's behaviour under load; controller-manager and scheduler logs add volume, not insight. */
export const controlPlaneLogTypes = ["api", "audit", "authenticator"] as const;

/** The EKS cluster's name: fixed, so its control-plane log group's name is known before the cluster exists. */
export function eksClusterName(stack: string): string {
  return `hcpbench-${stack}`;
}

/**
 * EKS writes control-plane logs to `/aws/eks/<cluster name>/cluster`, creating
 * that group itself if it is missing, and leaves it behind when the cluster
 * goes. Created here first, the group is the stack's own: it expires its logs
 * and `destroy` removes it after the cluster.
 */
export function controlPlaneLogGroupArgs(clusterName: string): aws.cloudwatch.LogGroupArgs {
  return { name: `/aws/eks/${clusterName}/cluster`, retentionInDays: 7 };
}

export interface ClusterRefs {
  /** Physical name (eksClusterName). */
  readonly name: string;
  readonly vpcId: pulumi.Input<string>;
  readonly privateSubnetIds: pulumi.Input<string>[];
  readonly publicSubnetIds: pulumi.Input<string>[];
  /** KMS key for envelope encryption of Kubernetes Secrets. */
  readonly secretsKeyArn: pulumi.Input<string>;
  readonly tags: Record<string, string>;
}

/**
 * The EKS management cluster. The API endpoint is private; the public one is
 * on only for `aws.apiAccessCidrs` (empty: off). Nodes come from our own
 * managed node groups, so no default node group and no pulumi-eks security
 * groups: managed nodes use the EKS-created cluster security group, which
 * admits only itself.
 */
export function eksClusterArgs(cfg: Config, refs: ClusterRefs): eks.ClusterArgs {
  const publicCidrs = cfg.aws.apiAccessCidrs;
  return {
    name: refs.name,
    version: cfg.cluster.kubernetesVersion,
    vpcId: refs.vpcId,
    privateSubnetIds: refs.privateSubnetIds,
    publicSubnetIds: refs.publicSubnetIds,
    nodeAssociatePublicIpAddress: false,
    skipDefaultNodeGroup: true,
    skipDefaultSecurityGroups: true,
    authenticationMode: "API",
    createOidcProvider: true,
    endpointPrivateAccess: true,
    endpointPublicAccess: publicCidrs.length > 0,
    ...(publicCidrs.length > 0 ? { publicAccessCidrs: [...publicCidrs] } : {}),
    enabledClusterLogTypes: [...controlPlaneLogTypes],
    encryptionConfigKeyArn: refs.secretsKeyArn,
    // Not inside the component: pulumi-eks creates its CoreDNS add-on when configurationValues are given
    // even with skipDefaultNodeGroup, and waits for it to turn ACTIVE, which needs nodes that only come
    // after the component (pulumi/pulumi-eks#1819). It is its own add-on, after the node groups: corednsAddonArgs.
    corednsAddonOptions: { enabled: false },
    tags: refs.tags,
    clusterTags: refs.tags,
  };
}

/**
 * CoreDNS as an EKS add-on of its own, created once the node groups exist
 * (it turns ACTIVE only when its pods run). It is a cluster add-on like the
 * operators: it goes to the control node, not among the HCPs it would disturb.
 * OVERWRITE takes over the self-managed CoreDNS that EKS bootstraps.
 */
export function corednsAddonArgs(clusterName: pulumi.Input<string>): aws.eks.AddonArgs {
  const control = placementFor("control");
  return {
    clusterName,
    addonName: "coredns",
    configurationValues: JSON.stringify({ nodeSelector: control.nodeSelector, tolerations: control.tolerations.map((t) => ({ ...t })) }),
    resolveConflictsOnCreate: "OVERWRITE",
    resolveConflictsOnUpdate: "OVERWRITE",
  };
}
