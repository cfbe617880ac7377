/** What the schema accepts for results.sweepId (infra/config/schema.ts); checked here so a bad flag names the flag. */
export const sweepIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `20260101-120000`: UTC, sortable, valid in a sweep id and an S3 key. */
export function timestampId(now: Date = new Date()): string {
  return now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}
