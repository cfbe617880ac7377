import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { DeleteBucketCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { stackTagKey } from "../../../infra/substrate/aws/awsTags";
import { claimNamespaces, pvcNamespaceTagKey, type TaggedResource } from "./orphanPlan";

/**
 * Every resource in the region carrying the hcpbench stack tag (the tagging API pages through all
 * services), and every EBS volume of a claim in an hcpbench namespace, which older stacks left without it.
 */
export async function listTaggedResources(region: string): Promise<TaggedResource[]> {
  const client = new ResourceGroupsTaggingAPIClient({ region });
  try {
    const byArn = new Map<string, TaggedResource>();
    const query = async (filter: { Key: string; Values?: string[] }, resourceTypes?: string[]) => {
      let token: string | undefined;
      do {
        const page = await client.send(new GetResourcesCommand({ TagFilters: [filter], ResourceTypeFilters: resourceTypes, PaginationToken: token, ResourcesPerPage: 100 }));
        for (const m of page.ResourceTagMappingList ?? []) {
          if (!m.ResourceARN) continue;
          byArn.set(m.ResourceARN, { arn: m.ResourceARN, tags: Object.fromEntries((m.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])) });
        }
        token = page.PaginationToken || undefined;
      } while (token);
    };
    await query({ Key: stackTagKey });
    await query({ Key: pvcNamespaceTagKey, Values: [...claimNamespaces] }, ["ec2:volume"]);
    return [...byArn.values()];
  } finally {
    client.destroy();
  }
}

export type BucketVerdict = { deleted: true } | { deleted: false; reason: string };

/**
 * Deletes a leftover results bucket only when it holds nothing at all: no
 * object, no old version, no delete marker. A bucket with results is left
 * alone, with the count, so nothing measured is lost by a cleanup.
 */
export async function deleteBucketIfEmpty(bucket: string, region: string): Promise<BucketVerdict> {
  const s3 = new S3Client({ region, followRegionRedirects: true, forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined });
  try {
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 }));
    const held = (listed.Versions?.length ?? 0) + (listed.DeleteMarkers?.length ?? 0);
    if (held > 0) return { deleted: false, reason: `holds ${held}${listed.IsTruncated ? "+" : ""} object versions (results?); download them first (hcpbench report s3://${bucket}/) and remove it with: aws s3 rb s3://${bucket} --force` };
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    return { deleted: true };
  } catch (err) {
    return { deleted: false, reason: (err as Error).message.split("\n")[0] };
  } finally {
    s3.destroy();
  }
}
