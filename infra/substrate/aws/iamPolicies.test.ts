import { describe, expect, it } from "vitest";
import { isAllowed } from "../../../test/security/iamSimulator";
import { benchResultsPolicy, denyInsecureTransportPolicy, irsaTrustPolicy, nodeManagedPolicyArns } from "./iamPolicies";

const bucket = "arn:aws:s3:::hcpbench-results-abc";
const policy = benchResultsPolicy(bucket, "results");

describe("benchResultsPolicy", () => {
  it("lets the bench write, read back and abort uploads under the prefix only", () => {
    for (const action of ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"]) {
      expect(isAllowed(policy, { action, resource: `${bucket}/results/sweep-1/etcd-10/run-1/result.json` })).toBe(true);
      expect(isAllowed(policy, { action, resource: `${bucket}/other/result.json` })).toBe(false);
      expect(isAllowed(policy, { action, resource: `${bucket}/resultsX/result.json` })).toBe(false);
      expect(isAllowed(policy, { action, resource: `arn:aws:s3:::someone-elses-bucket/results/x` })).toBe(false);
    }
  });

  it("allows no other S3 action, not even deleting its own results", () => {
    for (const action of ["s3:DeleteObject", "s3:PutObjectAcl", "s3:PutBucketPolicy", "s3:DeleteBucket", "s3:GetBucketPolicy", "iam:PassRole"]) {
      expect(isAllowed(policy, { action, resource: `${bucket}/results/x` })).toBe(false);
      expect(isAllowed(policy, { action, resource: bucket })).toBe(false);
    }
  });

  it("lets the bench list only under the prefix", () => {
    expect(isAllowed(policy, { action: "s3:ListBucket", resource: bucket, context: { "s3:prefix": "results/sweep-1/" } })).toBe(true);
    expect(isAllowed(policy, { action: "s3:ListBucket", resource: bucket, context: { "s3:prefix": "other/" } })).toBe(false);
    expect(isAllowed(policy, { action: "s3:ListBucket", resource: bucket })).toBe(false);
  });

  it("uses no wildcard action", () => {
    for (const s of policy.Statement) for (const a of [s.Action].flat()) expect(a).not.toContain("*");
  });
});

describe("irsaTrustPolicy", () => {
  it("trusts one service account through the cluster's OIDC provider, with the STS audience", () => {
    const doc = irsaTrustPolicy("arn:aws:iam::1:oidc-provider/oidc.eks.x/id/ABC", "https://oidc.eks.x/id/ABC", { namespace: "ns", name: "sa" });
    expect(doc.Statement).toHaveLength(1);
    const [s] = doc.Statement;
    expect(s).toMatchObject({ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: "arn:aws:iam::1:oidc-provider/oidc.eks.x/id/ABC" } });
    // The issuer is used without its scheme, as IAM condition keys require.
    expect(s.Condition).toEqual({ StringEquals: { "oidc.eks.x/id/ABC:sub": "system:serviceaccount:ns:sa", "oidc.eks.x/id/ABC:aud": "sts.amazonaws.com" } });
  });
});

describe("denyInsecureTransportPolicy", () => {
  it("denies every action on the bucket and its objects without TLS", () => {
    const [s] = denyInsecureTransportPolicy(bucket).Statement;
    expect(s).toMatchObject({ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    expect(s.Resource).toEqual([bucket, `${bucket}/*`]);
  });
});

describe("nodeManagedPolicyArns", () => {
  it("attaches only the AWS policies EKS nodes need", () => {
    expect([...nodeManagedPolicyArns].sort()).toEqual([
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    ]);
  });
});
