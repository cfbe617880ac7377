import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { listStacks } from "../../infra/config/stackFiles";
import type { Evaluation, PlannedResource } from "../../infra/plan/evaluate";
import { runPlan } from "../../scripts/plan/runPlan";
import { broadIam, imdsV1Allowed, openIngress, plainSecrets, unencryptedVolumes, unprotectedBuckets, untaggedAwsResources } from "./securityChecks";

/*
 * Secure by default, over the whole resource graph of every stack: nothing
 * open to the internet, IMDSv2 only, every volume and bucket encrypted and
 * private, least-privilege IAM, every AWS resource tagged with its stack, and
 * no generated secret in clear anywhere in the plan or the stack outputs.
 */
const stacks = listStacks();
const evaluations = new Map<string, Evaluation>();

beforeAll(async () => {
  for (const stack of stacks) evaluations.set(stack, (await runPlan(stack)).evaluation);
}, 300_000);

describe.each(stacks)("%s", (stack) => {
  const ev = () => evaluations.get(stack)!;

  it("admits nothing from 0.0.0.0/0 or ::/0", () => expect(openIngress(ev().resources)).toEqual([]));
  it("requires IMDSv2 on every node", () => expect(imdsV1Allowed(ev().resources)).toEqual([]));
  it("encrypts every volume and the cluster's Secrets", () => expect(unencryptedVolumes(ev().resources)).toEqual([]));
  it("keeps every bucket encrypted, private, ACL-free and TLS-only", () => expect(unprotectedBuckets(ev().resources)).toEqual([]));
  it("grants no wildcard IAM permission and no open trust", () => expect(broadIam(ev().resources)).toEqual([]));
  it("tags every AWS resource with its stack and project", () => expect(untaggedAwsResources(ev().resources, stack)).toEqual([]));

  it("keeps generated passwords and the kubeconfig out of clear text", async () => {
    expect(plainSecrets(ev().resources, ev().outputs)).toEqual([]);
    const kubeconfig = ev().rawOutputs.kubeconfig as pulumi.Output<unknown>;
    expect(pulumi.Output.isInstance(kubeconfig)).toBe(true);
    expect(await (kubeconfig as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(true);
  });
});

describe("the AWS stacks", () => {
  it("really create what the checks above inspect", () => {
    const aws = evaluations.get("kine-postgres-100")!.resources;
    const count = (type: string) => aws.filter((r) => r.type === type).length;
    expect(count("aws:ec2/launchTemplate:LaunchTemplate")).toBe(3);
    expect(count("aws:s3/bucket:Bucket")).toBe(1);
    expect(count("aws:iam/role:Role")).toBeGreaterThanOrEqual(3);
    expect(count("random:index/randomPassword:RandomPassword")).toBeGreaterThan(0);
  });
});

/** The checks themselves must catch what they look for. */
describe("security checks", () => {
  const r = (type: string, name: string, inputs: Record<string, unknown>, provider = ""): PlannedResource => ({ type, name, inputs, parents: [], custom: true, provider });

  it("catch open ingress in groups, rules and the EKS endpoint", () => {
    expect(openIngress([
      r("aws:ec2/securityGroup:SecurityGroup", "a", { ingress: [{ cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"] }] }),
      r("aws:ec2/securityGroupRule:SecurityGroupRule", "b", { type: "ingress", ipv6CidrBlocks: ["::/0"] }),
      r("aws:ec2/securityGroupRule:SecurityGroupRule", "egress-ok", { type: "egress", cidrBlocks: ["0.0.0.0/0"] }),
      r("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "c", { cidrIpv4: "0.0.0.0/0" }),
      { ...r("eks:index:Cluster", "d", { endpointPublicAccess: true }), custom: false },
    ])).toHaveLength(4);
  });

  it("catch IMDSv1, unencrypted disks, open buckets, wildcard IAM, missing tags and leaked passwords", () => {
    expect(imdsV1Allowed([r("aws:ec2/launchTemplate:LaunchTemplate", "lt", { metadataOptions: { httpTokens: "optional" } })])).toHaveLength(1);
    expect(unencryptedVolumes([r("aws:ec2/launchTemplate:LaunchTemplate", "lt", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] })])).toHaveLength(1);
    expect(unprotectedBuckets([r("aws:s3/bucket:Bucket", "b", {})])).toHaveLength(4);
    expect(broadIam([r("aws:iam/rolePolicy:RolePolicy", "p", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }) })])).toHaveLength(2);
    expect(broadIam([r("aws:iam/role:Role", "open", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }) })])).toHaveLength(1);
    expect(untaggedAwsResources([r("aws:ec2/vpc:Vpc", "v", {})], "s")).toHaveLength(1);
    expect(plainSecrets([r("kubernetes:core/v1:Secret", "s", { stringData: { password: "mock-password-x" } })], { url: "postgres://u:mock-password-y@h" })).toHaveLength(2);
  });
});
