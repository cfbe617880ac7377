import { S3Client } from "@aws-sdk/client-s3";

/** How to reach a bucket: AWS S3 by region, or an S3-compatible endpoint (MinIO). */
export interface BucketAccess {
  readonly bucket: string;
  readonly region: string;
  /** S3-compatible endpoint (http://127.0.0.1:9000); undefined for AWS S3. */
  readonly endpoint?: string;
  /** Static credentials (MinIO); AWS S3 uses the default credential chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export function s3ClientFor(access: BucketAccess, env: NodeJS.ProcessEnv = process.env): S3Client {
  // A custom endpoint (MinIO, or AWS_ENDPOINT_URL_S3 for a local S3) serves buckets by path, not by host name.
  const customEndpoint = access.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return new S3Client({
    region: access.region,
    ...(access.endpoint ? { endpoint: access.endpoint } : {}),
    ...(access.credentials ? { credentials: access.credentials } : {}),
    forcePathStyle: customEndpoint !== undefined,
    followRegionRedirects: true,
  });
}
