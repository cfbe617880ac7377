import { InputError } from "../../infra/names/inputError";
import { parseCsv } from "../../infra/names/csv";
import { detectCsvKind, perfHeader, scaleHeader } from "../results/benchCsvHeaders";
import { presetOfLimits } from "./limits";

/** Where a row came from: this tool's results, or a CSV the original bench wrote. */
export type RowSource = "hcpbench" | "original";

/** One perf.csv row: one run of one profile at one concurrency. */
export interface PerfRecord {
  readonly kind: "perf";
  readonly source: RowSource;
  readonly file: string;
  readonly storage: string;
  readonly profile: string;
  readonly concurrency: number;
  readonly ops: number;
  readonly runId: string;
  readonly cpuLimit: string;
  readonly memoryLimit: string;
  /** Size preset the limits correspond to, or the raw limits. */
  readonly preset: string;
  readonly replicas: number;
  /** Every numeric column by name (empty cells are absent). */
  readonly values: Readonly<Record<string, number>>;
}

/** One scale.csv row: one capacity run of one fleet. */
export interface ScaleRecord {
  readonly kind: "scale";
  readonly source: RowSource;
  readonly file: string;
  readonly storage: string;
  readonly clusterCount: number;
  readonly parallelism: number;
  readonly runId: string;
  readonly replicas: number;
  readonly values: Readonly<Record<string, number>>;
}

/** Facts a CSV row does not carry, from the result.json / capacity.json beside it. */
export interface RowHints {
  readonly replicas?: number;
  readonly storage?: string;
}

/**
 * The original bench marked HA runs in the storage name (`etcd-ha`); this
 * project records replicas in result.json/capacity.json or a `replicas` column.
 */
function splitHaSuffix(storage: string): { storage: string; replicas?: number } {
  const m = /^(.*?)-ha(\d*)$/.exec(storage);
  return m ? { storage: m[1], replicas: m[2] ? Number(m[2]) : 3 } : { storage };
}

function numericValues(header: readonly string[], row: readonly string[], skip: ReadonlySet<string>): Record<string, number> {
  const values: Record<string, number> = {};
  header.forEach((col, i) => {
    if (skip.has(col)) return;
    const cell = (row[i] ?? "").trim();
    if (cell === "") return;
    const n = Number(cell);
    if (Number.isFinite(n)) values[col] = n;
  });
  return values;
}

const perfText = new Set(["timestamp", "storage_name", "profile", "run_id", "hcp_cpu_limit", "hcp_memory_limit"]);
const scaleText = new Set(["timestamp", "storage_name", "run_id", "storage_internals_json"]);

export const expectedHeadersText = `perf: ${perfHeader.join(",")} | scale: ${scaleHeader.join(",")}`;

/**
 * Reads one CSV file of either original format. A header that is neither is
 * bad input naming the file and both expected headers.
 */
export function parseResultCsv(text: string, file: string, source: RowSource, hints: RowHints = {}): (PerfRecord | ScaleRecord)[] {
  const rows = parseCsv(text);
  if (rows.length === 0) return [];
  const header = rows[0].map((h) => h.trim());
  const kind = detectCsvKind(header);
  if (!kind) throw new InputError(`${file}: unknown CSV header "${header.slice(0, 6).join(",")}${header.length > 6 ? ",..." : ""}"; expected the original ${expectedHeadersText}`);
  const col = (name: string) => header.indexOf(name);
  const at = (row: readonly string[], name: string) => (col(name) >= 0 ? (row[col(name)] ?? "").trim() : "");
  const out: (PerfRecord | ScaleRecord)[] = [];
  rows.slice(1).forEach((row, i) => {
    if (row.every((c) => c.trim() === "")) return;
    const line = i + 2;
    const named = splitHaSuffix(at(row, "storage_name") || (hints.storage ?? ""));
    if (!named.storage) throw new InputError(`${file}:${line}: storage_name is empty`);
    const replicasCell = Number(at(row, "replicas"));
    const replicas = hints.replicas ?? (replicasCell > 0 ? replicasCell : named.replicas ?? 1);
    if (kind === "perf") {
      const concurrency = Number(at(row, "concurrency"));
      const ops = Number(at(row, "ops"));
      if (!Number.isFinite(concurrency) || !Number.isFinite(ops) || !at(row, "profile")) {
        throw new InputError(`${file}:${line}: profile, concurrency and ops must be set (got "${at(row, "profile")}", "${at(row, "concurrency")}", "${at(row, "ops")}")`);
      }
      const cpuLimit = at(row, "hcp_cpu_limit");
      const memoryLimit = at(row, "hcp_memory_limit");
      out.push({
        kind,
        source,
        file,
        storage: named.storage,
        profile: at(row, "profile"),
        concurrency,
        ops,
        runId: at(row, "run_id"),
        cpuLimit,
        memoryLimit,
        preset: presetOfLimits(cpuLimit, memoryLimit) ?? `${cpuLimit || "-"}/${memoryLimit || "-"}`,
        replicas,
        values: numericValues(header, row, perfText),
      });
    } else {
      const clusterCount = Number(at(row, "cluster_count"));
      if (!Number.isFinite(clusterCount) || clusterCount <= 0) throw new InputError(`${file}:${line}: cluster_count must be a positive number (got "${at(row, "cluster_count")}")`);
      out.push({
        kind,
        source,
        file,
        storage: named.storage,
        clusterCount,
        parallelism: Number(at(row, "parallelism")) || 0,
        runId: at(row, "run_id"),
        replicas,
        values: numericValues(header, row, scaleText),
      });
    }
  });
  return out;
}
