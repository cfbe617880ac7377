import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/stackFiles";
import { encryptionArgs, lifecycleArgs, publicAccessBlockArgs, resultsBucketArgs, resultsBucketRetention } from "./resultsBucketSpec";

const cfg = parseConfig({ results: { expireDays: 30, keepBucket: false }, fleet: { backend: "etcd", count: 1 } });

describe("results bucket settings", () => {
  it("blocks every kind of public access", () => {
    expect(publicAccessBlockArgs("b")).toEqual({ bucket: "b", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  });

  it("encrypts objects by default", () => {
    expect(encryptionArgs("b").rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }]);
  });

  it("expires results (and old versions) after results.expireDays and drops abandoned uploads", () => {
    const [rule] = lifecycleArgs(cfg, "b").rules as unknown as Record<string, unknown>[];
    expect(rule).toMatchObject({
      status: "Enabled",
      expiration: { days: 30 },
      noncurrentVersionExpiration: { noncurrentDays: 30 },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
    });
  });

  it("keeps the bucket and its settings on destroy by default, and force-deletes only when told to discard it", () => {
    const kept = parseConfig({ fleet: { backend: "etcd", count: 1 } });
    expect(resultsBucketArgs(kept).forceDestroy).toBe(false);
    expect(resultsBucketRetention(kept)).toEqual({ retainOnDelete: true });
    expect(resultsBucketArgs(cfg).forceDestroy).toBe(true);
    expect(resultsBucketRetention(cfg)).toEqual({ retainOnDelete: false });
  });
});
