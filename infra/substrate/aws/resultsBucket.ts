import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../config/schema";
import { denyInsecureTransportPolicy } from "./iamPolicies";
import {
  encryptionArgs,
  lifecycleArgs,
  ownershipControlsArgs,
  publicAccessBlockArgs,
  resultsBucketArgs,
  resultsBucketRetention,
  versioningArgs,
} from "./resultsBucketSpec";

/** The private, encrypted S3 bucket the bench Jobs write results to. */
export class ResultsBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;

  constructor(name: string, cfg: Config, opts: pulumi.ComponentResourceOptions) {
    super("hcpbench:substrate:ResultsBucket", name, {}, opts);
    const child = { parent: this, ...resultsBucketRetention(cfg) };
    const bucket = new aws.s3.Bucket(name, resultsBucketArgs(cfg), child);
    const pab = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, publicAccessBlockArgs(bucket.id), child);
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, ownershipControlsArgs(bucket.id), child);
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-sse`, encryptionArgs(bucket.id), child);
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, versioningArgs(bucket.id), child);
    // Lifecycle rules on a versioned bucket must follow the versioning setting.
    new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, lifecycleArgs(cfg, bucket.id), { ...child, dependsOn: [versioning] });
    // The policy only denies; still applied after the public access block so no window exists where a policy precedes it.
    new aws.s3.BucketPolicy(
      `${name}-tls-only`,
      { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(denyInsecureTransportPolicy(arn))) },
      { ...child, dependsOn: [pab] },
    );
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
