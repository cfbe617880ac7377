import { InputError } from "../../infra/names/inputError";
import { parseConformanceKey } from "../../infra/names/conformanceLayout";
import type { ResultsStore } from "../results/resultsStore";
import { parseResultCsv, type PerfRecord, type ScaleRecord } from "./records";
import { hintsFromJson, type JsonHints } from "./resultJsonAdapter";

export interface LoadedResults {
  readonly perf: PerfRecord[];
  readonly scale: ScaleRecord[];
  /** Files read, for the report's "inputs" line. */
  readonly files: number;
  /** Interrupted runs (result.json `partial`, or a sharded point never merged): left out of the medians. */
  readonly partialRuns: string[];
  /** Runs whose result.json / capacity.json is not JSON, each as "<file>: <why>"; left out unless `includeMalformed`. */
  readonly malformedRuns: string[];
  /** Points where the load generator was saturated (result.json `invalid`), with the reason; out of the medians unless included. */
  readonly invalidRuns: { readonly file: string; readonly reason: string; readonly included: boolean }[];
}

export interface LoadOptions {
  /** Count the CSV of a run whose JSON beside it is malformed (as an original-bench CSV, without hints). */
  readonly includeMalformed?: boolean;
  /** Put points marked invalid (saturated load generator) back into the medians. */
  readonly includeInvalid?: boolean;
}

/** The sweep writes `<stack>/stack.json` (backend, replicas, ...) once per stack; the nearest one above a CSV applies. */
export const stackInfoFile = "stack.json";

/** JSON files written next to a CSV by this project; their presence marks the CSV as ours. */
const companions: Record<string, string> = { "perf.csv": "result.json", "scale.csv": "capacity.json" };

function dirOf(key: string): string {
  const i = key.lastIndexOf("/");
  return i < 0 ? "" : key.slice(0, i + 1);
}

function baseOf(key: string): string {
  return key.slice(key.lastIndexOf("/") + 1);
}

function ancestors(key: string): string[] {
  const parts = key.split("/").slice(0, -1);
  return parts.map((_, i) => `${parts.slice(0, parts.length - i).join("/")}/`).concat([""]);
}

/**
 * Reads every result CSV under a store: this project's perf.csv / scale.csv
 * (with result.json / capacity.json beside them) and any CSV the original
 * bench wrote, wherever it sits. Other files (logs, a previous report's
 * charts) are ignored; a CSV of unknown format is bad input.
 */
export async function loadResults(store: ResultsStore, opts: LoadOptions = {}): Promise<LoadedResults> {
  const keys = await store.list();
  // conformance runs (conformanceTable.ts) carry their own summary CSV.
  const csvKeys = keys.filter((k) => k.toLowerCase().endsWith(".csv") && !parseConformanceKey(k.replace(/conformance\.csv$/, "conformance.json")));
  const present = new Set(keys);
  const companionOf = (k: string) => (companions[baseOf(k)] ? dirOf(k) + companions[baseOf(k)] : undefined);
  const stackInfoOf = (k: string) => ancestors(k).map((d) => `${d}${stackInfoFile}`).find((f) => present.has(f));
  const wanted = new Set<string>(csvKeys);
  for (const k of csvKeys) {
    for (const extra of [companionOf(k), stackInfoOf(k)]) if (extra && present.has(extra)) wanted.add(extra);
  }
  const texts = new Map<string, string>();
  const queue = [...wanted];
  const worker = async () => {
    for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
      try {
        texts.set(k, (await store.get(k)).toString("utf8"));
      } catch (err) {
        throw new InputError(`${store.where}${k}: cannot be read: ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, queue.length) }, worker));

  const hintCache = new Map<string, JsonHints>();
  const hintsOf = (k: string | undefined): JsonHints | undefined => {
    if (!k || !texts.has(k)) return undefined;
    if (!hintCache.has(k)) hintCache.set(k, hintsFromJson(texts.get(k)!));
    return hintCache.get(k);
  };
  const perf: PerfRecord[] = [];
  const scale: ScaleRecord[] = [];
  const partialRuns: string[] = [];
  const malformedRuns: string[] = [];
  const invalidRuns: { file: string; reason: string; included: boolean }[] = [];
  for (const key of csvKeys) {
    const companionKey = companionOf(key);
    const stackKey = stackInfoOf(key);
    const companion = hintsOf(companionKey);
    const stackInfo = hintsOf(stackKey);
    const malformed = [[companionKey, companion], [stackKey, stackInfo]].find(([, h]) => (h as JsonHints | undefined)?.malformed);
    if (malformed) {
      malformedRuns.push(`${store.where}${malformed[0] as string}: ${(malformed[1] as JsonHints).malformed}`);
      if (!opts.includeMalformed) continue;
    }
    if (companion?.partial) {
      partialRuns.push(key);
      continue;
    }
    if (companion?.invalid) {
      invalidRuns.push({ file: `${store.where}${key}`, reason: companion.invalid, included: opts.includeInvalid === true });
      if (!opts.includeInvalid) continue;
    }
    const hints = { ...(stackInfo?.malformed ? {} : stackInfo), ...(companion?.malformed ? {} : companion) };
    const source = companion !== undefined ? "hcpbench" : "original";
    for (const r of parseResultCsv(texts.get(key) ?? "", `${store.where}${key}`, source, hints)) {
      if (r.kind === "perf") perf.push(r);
      else scale.push(r);
    }
  }
  // A sharded point that shard 0 never merged (its pod died): parts only, no result.json (README "Sharded bench Jobs").
  const shardPart = /shards\/\d+\.json$/;
  for (const dir of new Set(keys.filter((k) => shardPart.test(k)).map((k) => k.replace(shardPart, "")))) {
    if (!present.has(`${dir}result.json`)) partialRuns.push(`${dir}shards/`);
  }
  if (perf.length === 0 && scale.length === 0 && !keys.some((k) => parseConformanceKey(k))) {
    throw new InputError(
      `${store.where}: no results found (expected perf.csv / scale.csv under <stack>/<profile>/c<concurrency>/run-<n>/ or original bench CSV files)`,
    );
  }
  return { perf, scale, files: texts.size, partialRuns, malformedRuns: [...new Set(malformedRuns)], invalidRuns };
}
