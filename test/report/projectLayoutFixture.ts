import * as fs from "node:fs";
import * as path from "node:path";
import { formatCsv } from "../../infra/names/csv";
import { perfExtraColumns, perfHeader } from "../../scripts/results/benchCsvHeaders";
import { pointDir } from "../../infra/names/resultsLayout";

export interface PointValues {
  readonly stack: string;
  readonly storage: string;
  readonly profile: string;
  readonly concurrency: number;
  readonly run: number;
  readonly replicas?: number;
  readonly ops?: number;
  /** result.json says the run was interrupted. */
  readonly partial?: boolean;
  /** result.json says the load generator was saturated, and why. */
  readonly invalid?: string;
  readonly values: Readonly<Record<string, number>>;
}

/** Writes one point the way this project's bench Job lays it out: perf.csv + result.json. */
export function writePoint(root: string, p: PointValues): void {
  const dir = path.join(root, p.stack, pointDir(p));
  fs.mkdirSync(dir, { recursive: true });
  const header = [...perfHeader, ...perfExtraColumns];
  const row = header.map((col) => {
    if (col === "timestamp") return "2026-01-01T00:00:00Z";
    if (col === "storage_name") return p.storage;
    if (col === "profile") return p.profile;
    if (col === "concurrency") return p.concurrency;
    if (col === "ops") return p.ops ?? 10000;
    if (col === "run_id") return p.run;
    return p.values[col] ?? "";
  });
  fs.writeFileSync(path.join(dir, "perf.csv"), formatCsv(header, [row]));
  // The fields of workloads/loadgen/loadgenResult.ts the report's adapter reads; replicas come from stack.json.
  fs.writeFileSync(
    path.join(dir, "result.json"),
    JSON.stringify({ schemaVersion: 1, tool: "hcpbench-loadgen", profile: p.profile, storageName: p.storage, runId: String(p.run), partial: p.partial ?? false, ...(p.invalid ? { invalid: p.invalid } : {}) }),
  );
  fs.writeFileSync(path.join(root, p.stack, "stack.json"), JSON.stringify({ stack: p.stack, backend: p.storage, replicas: p.replicas ?? 1 }));
}
