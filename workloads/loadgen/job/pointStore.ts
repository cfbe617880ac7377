import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

/** What the bucket says about a point already: a complete result.json, a partial one, or none. */
export type StoredPointState = "complete" | "partial" | "missing";

export interface PointFile {
  readonly name: string;
  readonly body: string;
}

/** Object metadata that marks a partial result, so resume can tell it apart without downloading it. */
export const partialMetadataKey = "hcpbench-partial";

const contentType = (name: string) => (name.endsWith(".json") ? "application/json" : name.endsWith(".csv") ? "text/csv" : "application/octet-stream");

/**
 * The bench Job's side of the results bucket: it checks whether a point is done and uploads a
 * point's files, result.json last, because result.json is what marks a point as done for the
 * Job's resume and for `hcpbench sweep`.
 */
export class PointStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  get where(): string {
    return `s3://${this.bucket}`;
  }

  /**
   * Existence comes from a prefix listing, not from HEAD: the bench role may list only under the
   * results prefix, and without a list grant that covers the key S3 answers HEAD on a missing
   * object with 403 rather than 404.
   */
  async state(resultKey: string): Promise<StoredPointState> {
    const listed = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: resultKey, MaxKeys: 1 }));
    if (!listed.Contents?.some((o) => o.Key === resultKey)) return "missing";
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: resultKey }));
    return head.Metadata?.[partialMetadataKey] === "true" ? "partial" : "complete";
  }

  /** Uploads the files under `dir`; result.json goes last whatever the order given. */
  async putPoint(dir: string, files: readonly PointFile[], partial: boolean): Promise<string[]> {
    const ordered = [...files.filter((f) => f.name !== "result.json"), ...files.filter((f) => f.name === "result.json")];
    const keys: string[] = [];
    for (const f of ordered) {
      const key = `${dir}${f.name}`;
      await this.put(key, f.body, { [partialMetadataKey]: String(partial) });
      keys.push(key);
    }
    return keys;
  }

  /** Every key under `prefix` (a sharded Job's barrier markers and shard results). */
  async keys(prefix: string): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) out.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  async get(key: string): Promise<string> {
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return (await res.Body?.transformToString("utf8")) ?? "";
  }

  async put(key: string, body: string, metadata: Record<string, string> = {}): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType(key), Metadata: metadata }));
  }
}
