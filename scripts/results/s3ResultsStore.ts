import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { ResultsStore } from "./resultsStore";

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
