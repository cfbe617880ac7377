import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { placementFor } from "../pools";
import type { ServiceAccountRef } from "./iamPolicies";

export const ebsCsiAddonName = "aws-ebs-csi-driver";

/** The service account the add-on's controller runs as; its IRSA role trusts exactly this one. */
export const ebsCsiControllerServiceAccount: ServiceAccountRef = { namespace: "kube-system", name: "ebs-csi-controller-sa" };

/**
 * The add-on's own settings (EKS validates them against the add-on's schema):
 * the controller goes to the control node like every other cluster add-on;
 * the node plugin must run on every node, tainted database nodes above all,
 * since that is where the io2 volumes attach.
 */
export function ebsCsiConfigurationValues(): Record<string, unknown> {
  const control = placementFor("control");
  return {
    controller: { nodeSelector: control.nodeSelector, tolerations: control.tolerations.map((t) => ({ ...t })) },
    node: { tolerateAllTaints: true },
  };
}

export function ebsCsiAddonArgs(
  clusterName: pulumi.Input<string>,
  serviceAccountRoleArn: pulumi.Input<string>,
): aws.eks.AddonArgs {
  return {
    clusterName,
    addonName: ebsCsiAddonName,
    serviceAccountRoleArn,
    configurationValues: JSON.stringify(ebsCsiConfigurationValues()),
    resolveConflictsOnCreate: "OVERWRITE",
    resolveConflictsOnUpdate: "OVERWRITE",
  };
}
