import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { ResultsStore } from "./resultsStore";

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

/** A bucket, keys relative to the bucket root. */
export class S3ResultsStore implements ResultsStore {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  get where(): string {
    return `s3://${this.bucket}/`;
  }

  async list(prefix = ""): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key && !o.Key.endsWith("/")) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async get(key: string): Promise<Buffer> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!out.Body) throw new Error(`s3://${this.bucket}/${key}: empty body`);
    return Buffer.from(await out.Body.transformToByteArray());
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: key.endsWith(".json") ? "application/json" : "text/csv" }),
    );
  }
}
