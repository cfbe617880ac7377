/**
 * IAM documents of the AWS substrate as plain data, so tests read exactly
 * what AWS will be sent. Every region in infra/aws/catalog.ts is in the
 * commercial partition, hence the fixed `arn:aws:` prefix.
 */
export const awsPartition = "aws";

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Record<string, string | string[]> | "*";
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

export const managedPolicyArn = (name: string) => `arn:${awsPartition}:iam::aws:policy/${name}`;

/** What EKS nodes need and nothing more: join the cluster, run the VPC CNI, pull images. */
export const nodeManagedPolicyArns = [
  managedPolicyArn("AmazonEKSWorkerNodePolicy"),
  managedPolicyArn("AmazonEKS_CNI_Policy"),
  managedPolicyArn("AmazonEC2ContainerRegistryPullOnly"),
] as const;

export const ebsCsiDriverPolicyArn = managedPolicyArn("service-role/AmazonEBSCSIDriverPolicy");

export function ec2AssumeRolePolicy(): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
  };
}

export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/**
 * IRSA trust: only the one service account, through the cluster's own OIDC
 * provider, with the STS audience. `oidcIssuer` is the issuer URL without https://.
 */
export function irsaTrustPolicy(oidcProviderArn: string, oidcIssuer: string, sa: ServiceAccountRef): PolicyDocument {
  const issuer = oidcIssuer.replace(/^https:\/\//, "");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${sa.namespace}:${sa.name}`,
            [`${issuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  };
}

/** Object actions the bench may use under the results prefix: write results, read them back, abort its own multipart uploads. */
export const benchObjectActions = ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"] as const;

/** The bench role's only permissions: objects under `<prefix>/`, and listing limited to that prefix. */
export function benchResultsPolicy(bucketArn: string, prefix: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "WriteResultsUnderPrefix", Effect: "Allow", Action: [...benchObjectActions], Resource: `${bucketArn}/${prefix}/*` },
      {
        Sid: "ListResultsUnderPrefix",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: bucketArn,
        Condition: { StringLike: { "s3:prefix": [`${prefix}/*`] } },
      },
    ],
  };
}

/** Bucket policy: refuse every request that does not use TLS, whoever makes it. */
export function denyInsecureTransportPolicy(bucketArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}
