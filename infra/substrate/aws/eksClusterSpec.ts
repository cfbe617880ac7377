import type * as eks from "@pulumi/eks";
import type * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../config/schema";
import { placementFor } from "../pools";

/** Control-plane logs that matter for security and for reading an API server's behaviour under load; controller-manager and scheduler logs add volume, not insight. */
export const controlPlaneLogTypes = ["api", "audit", "authenticator"] as const;

export interface ClusterRefs {
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
  const coredns = placementFor("control");
  return {
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
    // CoreDNS is a cluster add-on like the operators: it goes to the control node, not among the HCPs it would disturb.
    corednsAddonOptions: {
      configurationValues: { nodeSelector: coredns.nodeSelector, tolerations: coredns.tolerations.map((t) => ({ ...t })) },
    },
    tags: refs.tags,
    clusterTags: refs.tags,
  };
}
