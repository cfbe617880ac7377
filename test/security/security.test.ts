import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { mockOutputs } from "../../infra/plan/mockOutputs";
import { hcpDatabasePassword } from "../../workloads/fleet/hcpPasswords";
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

const logs = new Map<string, string[]>();

beforeAll(async () => {
  for (const stack of stacks) {
    // What the plan prints is checked too: a password in a log line is as leaked as one in an output.
    const lines: string[] = [];
    const spies = [vi.spyOn(process.stdout, "write"), vi.spyOn(process.stderr, "write")].map((spy) =>
      spy.mockImplementation((chunk: string | Uint8Array) => {
        lines.push(...String(chunk).split("\n"));
        return true;
      }),
    );
    try {
      evaluations.set(stack, (await runPlan(stack)).evaluation);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    logs.set(stack, lines);
  }
}, 600_000);

describe.each(stacks)("%s", (stack) => {
  const ev = () => evaluations.get(stack)!;

  it("admits nothing from 0.0.0.0/0 or ::/0", () => expect(openIngress(ev().resources)).toEqual([]));
  it("requires IMDSv2 on every node", () => expect(imdsV1Allowed(ev().resources)).toEqual([]));
  it("encrypts every volume and the cluster's Secrets", () => expect(unencryptedVolumes(ev().resources)).toEqual([]));
  it("keeps every bucket encrypted, private, ACL-free and TLS-only", () => expect(unprotectedBuckets(ev().resources)).toEqual([]));
  it("grants no wildcard IAM permission and no open trust", () => expect(broadIam(ev().resources)).toEqual([]));
  it("tags every AWS resource with its stack and project", () => expect(untaggedAwsResources(ev().resources, stack)).toEqual([]));

  it("keeps generated passwords and the kubeconfig out of clear text", async () => {
    expect(plainSecrets(ev().resources, ev().outputs, logs.get(stack))).toEqual([]);
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

  it("catch an HCP's derived (hex) database password in a plain output, a log line and user-data", () => {
    // A plan with the fleet's master password and an HCP named hcp-007; the mock engine's answer for the master is its second method.
    const master = r("random:index/randomPassword:RandomPassword", "kine-postgres-hcp-db-master", { length: 32, special: false });
    const hcp = r("kubernetes:kamaji.clastix.io/v1alpha1:TenantControlPlane", "hcp-007", { metadata: { name: "hcp-007", namespace: "hcp-kine-postgres" } });
    const masterValue = String(mockOutputs["random:index/randomPassword:RandomPassword"]({ type: master.type, name: master.name, inputs: master.inputs } as never).result);
    const derived = hcpDatabasePassword(masterValue, "hcp-007");
    expect(derived).toMatch(/^[0-9a-f]{64}$/);
    const plan = [master, hcp];
    expect(plainSecrets(plan, {})).toEqual([]);
    // A plain output.
    expect(plainSecrets(plan, { dataSource: `postgres://hcp_007:${derived}@db:5432/hcp_007` })).toEqual(["output dataSource: a secret in clear"]);
    // A log line.
    expect(plainSecrets(plan, {}, ["creating database hcp_007", `password ${derived}`])).toEqual(["log line 2: a secret in clear"]);
    // User-data, base64 as a launch template carries it.
    const userData = Buffer.from(`#!/bin/bash\nexport DB_PASSWORD=${derived}\n`).toString("base64");
    const lt = r("aws:ec2/launchTemplate:LaunchTemplate", "nodes", { userData });
    expect(plainSecrets([...plan, lt], {})).toEqual(["aws:ec2/launchTemplate:LaunchTemplate nodes: a secret in clear in its inputs"]);
    // Hex that is not a derived password (a content digest) is not a leak.
    const digest = createHash("sha256").update("loadgen bundle").digest("hex");
    expect(plainSecrets(plan, { bundleSha256: digest }, [digest])).toEqual([]);
  });
});
