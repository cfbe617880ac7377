import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { irsaTrustPolicy, type ServiceAccountRef } from "./iamPolicies";

export interface IrsaRoleArgs {
  readonly oidcProviderArn: pulumi.Input<string>;
  readonly oidcIssuer: pulumi.Input<string>;
  /** The one Kubernetes service account allowed to assume the role. */
  readonly serviceAccount: ServiceAccountRef;
  /** AWS managed policies to attach. */
  readonly managedPolicyArns?: readonly string[];
  /** An inline policy document (JSON), for permissions scoped to this test-bed's resources. */
  readonly inlinePolicy?: pulumi.Input<string>;
}

/** An IAM role for one Kubernetes service account (IRSA), trusted only through the cluster's OIDC provider. */
export class IrsaRole extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  /** The role with every permission attached: depend on this, not on the role alone. */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: IrsaRoleArgs, opts: pulumi.ComponentResourceOptions) {
    super("hcpbench:substrate:IrsaRole", name, {}, opts);
    const child = { parent: this };
    const trust = pulumi
      .all([args.oidcProviderArn, args.oidcIssuer])
      .apply(([arn, issuer]) => JSON.stringify(irsaTrustPolicy(arn, issuer, args.serviceAccount)));
    const role = new aws.iam.Role(name, { assumeRolePolicy: trust, description: `IRSA for ${args.serviceAccount.namespace}/${args.serviceAccount.name}` }, child);
    const grants: pulumi.Resource[] = (args.managedPolicyArns ?? []).map(
      (policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-managed-${i}`, { role: role.name, policyArn }, child),
    );
    if (args.inlinePolicy !== undefined) {
      grants.push(new aws.iam.RolePolicy(`${name}-inline`, { role: role.id, policy: args.inlinePolicy }, child));
    }
    this.arn = role.arn;
    this.ready = [role, ...grants];
    this.registerOutputs({ arn: this.arn });
  }
}
