import type { Config } from "../../infra/config/schema";
import { benchPoints, capacityDoneFile, pointDir, pointDoneFile, type BenchPoint } from "../../infra/names/resultsLayout";
import { copyMissing, type ResultsStore } from "../results/resultsStore";

/** What a stack still needs in this sweep. */
export interface StackProgress {
  readonly capacityDone: boolean;
  readonly pointsDone: readonly BenchPoint[];
  readonly pointsMissing: readonly BenchPoint[];
}

export function isComplete(p: StackProgress): boolean {
  return p.capacityDone && p.pointsMissing.length === 0;
}

/** The store has no such object: S3's NoSuchKey / 404, or no such file in a local folder. */
function isMissingObject(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.code === "ENOENT" || e?.$metadata?.httpStatusCode === 404;
}

/**
 * A result.json that says `partial: true` is an interrupted run, and one that
 * is gone (deleted since the listing) or not JSON (a cut-off upload) was never
 * finished: the point is not done. Any other error (403, throttling, a network
 * failure) says nothing about the point, so it stops the sweep instead of
 * silently running the point again on AWS.
 */
async function isFinished(store: ResultsStore, key: string): Promise<boolean> {
  let text: string;
  try {
    text = (await store.get(key)).toString("utf8");
  } catch (err) {
    if (isMissingObject(err)) return false;
    const e = err as Error;
    throw new Error(`cannot tell whether ${store.where}${key} is finished: ${e.name}: ${e.message.split("\n")[0]}; fix access to the results and rerun (nothing was rerun)`);
  }
  try {
    return (JSON.parse(text) as { partial?: unknown }).partial !== true;
  } catch {
    return false;
  }
}

/**
 * Which results of a stack exist in any of the stores (each a stack folder:
 * the local `--out/<stack>/` or the bucket's `<prefix>/<sweepId>/<stack>/`).
 * The matrix comes from the stack's settings, so a rerun with other settings
 * asks for other points.
 */
export async function stackProgress(cfg: Config, stores: readonly ResultsStore[]): Promise<StackProgress> {
  const listings = await Promise.all(stores.map(async (s) => new Set(await s.list())));
  const points = cfg.bench.enabled ? benchPoints(cfg.bench) : [];
  const done: BenchPoint[] = [];
  const missing: BenchPoint[] = [];
  for (const p of points) {
    let found = false;
    for (const [i, keys] of listings.entries()) {
      if (keys.has(pointDoneFile(p)) && (await isFinished(stores[i], pointDoneFile(p)))) {
        found = true;
        break;
      }
    }
    (found ? done : missing).push(p);
  }
  return { capacityDone: listings.some((keys) => keys.has(capacityDoneFile)), pointsDone: done, pointsMissing: missing };
}

/**
 * Puts finished points that exist only locally back into the bucket, so the
 * bench Job (which skips points whose result.json is in the bucket) does not
 * run them again after the bucket was lost with a destroyed stack.
 */
export async function seedBucket(local: ResultsStore, bucket: ResultsStore, done: readonly BenchPoint[]): Promise<string[]> {
  const copied: string[] = [];
  for (const p of done) copied.push(...(await copyMissing(local, bucket, `${pointDir(p)}/`)));
  return copied;
}
