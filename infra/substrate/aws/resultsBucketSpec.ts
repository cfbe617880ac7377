import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../config/schema";

/** Arguments of the private results bucket and its settings, as pure functions of config. */

export function resultsBucketArgs(cfg: Config): aws.s3.BucketArgs {
  // A prefix, not a fixed name: bucket names are global, and two stacks of one account must not collide.
  // A kept bucket is retained by Pulumi and never force-emptied; a discarded one goes with its results.
  return { bucketPrefix: "hcpbench-results-", forceDestroy: !cfg.results.keepBucket };
}

/** Resource options for the bucket and every setting on it: all are kept together, or the kept bucket would lose its protections. */
export function resultsBucketRetention(cfg: Config): { retainOnDelete: boolean } {
  return { retainOnDelete: cfg.results.keepBucket };
}

export function publicAccessBlockArgs(bucket: pulumi.Input<string>): aws.s3.BucketPublicAccessBlockArgs {
  return { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
}

export function ownershipControlsArgs(bucket: pulumi.Input<string>): aws.s3.BucketOwnershipControlsArgs {
  // ACLs off: the bucket policy and IAM alone decide who reads what.
  return { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } };
}

export function encryptionArgs(bucket: pulumi.Input<string>): aws.s3.BucketServerSideEncryptionConfigurationArgs {
  // SSE-S3: encrypted at rest at no cost, and the bench role needs no KMS permission to write.
  return { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }] };
}

export function versioningArgs(bucket: pulumi.Input<string>): aws.s3.BucketVersioningArgs {
  // Results are immutable objects; versioning keeps an accidental overwrite recoverable until it expires.
  return { bucket, versioningConfiguration: { status: "Enabled" } };
}

export function lifecycleArgs(cfg: Config, bucket: pulumi.Input<string>): aws.s3.BucketLifecycleConfigurationArgs {
  const days = cfg.results.expireDays;
  return {
    bucket,
    rules: [
      {
        id: "expire-results",
        status: "Enabled",
        filter: {},
        expiration: { days },
        noncurrentVersionExpiration: { noncurrentDays: days },
        // A bench Job killed mid-upload leaves parts that are billed but invisible; drop them after a day.
        abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
      },
    ],
  };
}
