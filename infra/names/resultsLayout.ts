/**
 * Where results live, in the bucket and on disk (ARCHITECTURE "Results are
 * immutable objects"):
 *
 *   <prefix>/<sweepId>/<stack>/<profile>/c<concurrency>/run-<n>/{result.json,perf.csv}
 *   <prefix>/<sweepId>/<stack>/capacity/run-1/{scale.csv,capacity.json}
 *
 * A local copy of one sweep (`--out`, default ./results/<sweepId>/) holds the
 * same tree from `<stack>/` down, so a key maps to a path by dropping
 * `<prefix>/<sweepId>/`.
 */

export interface BenchMatrix {
  readonly profiles: readonly string[];
  readonly concurrency: readonly number[];
  readonly runs: number;
}

/** One bench point: one profile at one concurrency, one run. */
export interface BenchPoint {
  readonly profile: string;
  readonly concurrency: number;
  readonly run: number;
}

export const capacityDir = "capacity/run-1";
export const capacityFiles = ["scale.csv", "capacity.json"] as const;
export const pointFiles = ["result.json", "perf.csv"] as const;

/** Every point the bench Job runs for a matrix, in the Job's order (profile, then concurrency, then run). */
export function benchPoints(matrix: BenchMatrix): BenchPoint[] {
  const points: BenchPoint[] = [];
  for (const profile of matrix.profiles) {
    for (const concurrency of matrix.concurrency) {
      for (let run = 1; run <= matrix.runs; run++) points.push({ profile, concurrency, run });
    }
  }
  return points;
}

/** `<profile>/c<concurrency>/run-<n>`: a point's folder under its stack. */
export function pointDir(p: BenchPoint): string {
  return `${p.profile}/c${p.concurrency}/run-${p.run}`;
}

/** `<prefix>/<sweepId>/<stack>/`: everything of one stack in one sweep. */
export function stackKeyPrefix(prefix: string, sweepId: string, stack: string): string {
  return `${trimSlashes(prefix) ? `${trimSlashes(prefix)}/` : ""}${sweepId}/${stack}/`;
}

/** The file that proves a point finished: the Job writes result.json last. */
export function pointDoneFile(p: BenchPoint): string {
  return `${pointDir(p)}/result.json`;
}

export const capacityDoneFile = `${capacityDir}/capacity.json`;

/**
 * Parses a path relative to a stack folder back into a point, or undefined
 * for anything else (capacity files, stray files).
 */
export function parsePointPath(rel: string): (BenchPoint & { file: string }) | undefined {
  const m = /^([a-z0-9-]+)\/c(\d+)\/run-(\d+)\/([^/]+)$/.exec(rel);
  if (!m || m[1] === "capacity") return undefined;
  return { profile: m[1], concurrency: Number(m[2]), run: Number(m[3]), file: m[4] };
}

function trimSlashes(s: string): string {
  return s.replace(/^\/+|\/+$/g, "");
}
