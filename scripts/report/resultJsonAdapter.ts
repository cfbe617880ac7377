import type { RowHints } from "./records";

/**
 * The one place that knows the layout of this project's JSON files: the bench
 * layer's result.json (versioned schema in workloads/loadgen/loadgenResult.ts),
 * the capacity capture's capacity.json and the sweep's stack.json. The report
 * reads its numbers from perf.csv / scale.csv, whose columns are fixed; from
 * the JSON it takes only what the CSV cannot say: the fleet's replicas, the
 * backend, and whether the run was interrupted (partial).
 */
export interface JsonHints extends RowHints {
  /** result.json of a run that was interrupted: its figures cover only what ran. */
  readonly partial?: boolean;
  /** Why the file is not JSON (a truncated upload, say): its run cannot be told complete, so it is left out unless asked. */
  readonly malformed?: string;
  /** result.json of a point where the load generator was saturated: the reason. */
  readonly invalid?: string;
}

export function hintsFromJson(text: string): JsonHints {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { malformed: (err as Error).message };
  }
  const replicas = firstNumber(doc, [["replicas"], ["extraLabels", "replicas"], ["fleet", "replicas"]]);
  const storage = firstString(doc, [["storageName"], ["backend"], ["fleet", "backend"]]);
  const partial = dig(doc, ["partial"]);
  const invalid = dig(doc, ["invalid"]);
  return {
    ...(replicas !== undefined ? { replicas } : {}),
    ...(storage !== undefined ? { storage } : {}),
    ...(partial === true ? { partial: true } : {}),
    ...(typeof invalid === "string" && invalid ? { invalid } : {}),
  };
}

function dig(doc: unknown, path: readonly string[]): unknown {
  let node = doc;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function firstNumber(doc: unknown, paths: readonly (readonly string[])[]): number | undefined {
  for (const p of paths) {
    const v = dig(doc, p);
    const n = typeof v === "string" ? Number(v) : v;
    if (typeof n === "number" && Number.isFinite(n) && n > 0) return n;
  }
  return undefined;
}

function firstString(doc: unknown, paths: readonly (readonly string[])[]): string | undefined {
  for (const p of paths) {
    const v = dig(doc, p);
    if (typeof v === "string" && v !== "") return v;
  }
  return undefined;
}
