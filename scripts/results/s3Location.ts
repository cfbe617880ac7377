import { InputError } from "../../infra/names/inputError";

export interface S3Location {
  readonly bucket: string;
  /** Key prefix without a leading slash, ending in `/` unless empty. */
  readonly prefix: string;
}

/** S3 bucket naming rules (the subset that matters for a typo): 3-63 chars, lower case, digits, dots, hyphens. */
const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function isS3Uri(value: string): boolean {
  return value.startsWith("s3://");
}

/** Parses `s3://bucket/prefix`; anything else is bad input naming `what`. */
export function parseS3Uri(value: string, what: string): S3Location {
  const m = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(value);
  if (!m) throw new InputError(`${what}: must be s3://<bucket>/<prefix> (got "${value}")`);
  const [, bucket, rest = ""] = m;
  if (!bucketPattern.test(bucket) || bucket.includes("..")) {
    throw new InputError(`${what}: "${bucket}" is not a valid bucket name (3-63 characters: a-z, 0-9, dots, hyphens) in "${value}"`);
  }
  if (rest.includes("//")) throw new InputError(`${what}: prefix must not contain empty path segments (got "${value}")`);
  const prefix = rest.replace(/^\/+/, "");
  return { bucket, prefix: prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/` };
}
