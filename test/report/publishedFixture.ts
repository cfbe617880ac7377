import * as fs from "node:fs";
import * as path from "node:path";
import { formatCsv } from "../../infra/names/csv";
import { perfHeader, scaleHeader } from "../../scripts/results/benchCsvHeaders";
import { parsePublished, publishedReferenceFile, type PublishedValue } from "../../scripts/report/publishedReference";
import { sizePresets } from "../../infra/names/presets";

/**
 * The published numbers rewritten as the original bench would have written
 * them: perf and scale CSV rows, three runs per point whose values are the
 * published one times 0.9, 1.0 and 1.2 in a per-point shuffled order, so the
 * median of every column is exactly the published number.
 */
export const runFactors = [0.9, 1.0, 1.2] as const;

/** published metric -> CSV column and the factor from the published unit to the CSV's. */
const perfColumns: Record<string, { column: string; factor: number }> = {
  write_throughput: { column: "write_throughput_ops", factor: 1 },
  write_p99: { column: "write_p99_s", factor: 1 },
  read_throughput: { column: "read_throughput_ops", factor: 1 },
  read_p99: { column: "read_p99_s", factor: 1 },
  write_error_rate: { column: "write_error_rate", factor: 1 / 100 },
  write_successes: { column: "write_successes", factor: 1 },
  watch_events: { column: "watch_events", factor: 1 },
  watch_lag_p99: { column: "watch_lag_p99_s", factor: 1 },
  watch_event_rate: { column: "watch_event_rate", factor: 1 },
};

/** Scale columns; total_* become the storage_* column (total = HCP + storage). */
function scaleCells(values: readonly PublishedValue[]): Record<string, number> {
  const by = Object.fromEntries(values.map((v) => [v.metric, v.value]));
  const cells: Record<string, number> = {};
  const set = (col: string, x: number | undefined) => {
    if (x !== undefined) cells[col] = x;
  };
  set("provision_p50_s", by.ready_p50);
  set("provision_p99_s", by.ready_p99);
  set("hcp_total_cpu_m", by.hcp_cpu !== undefined ? by.hcp_cpu * 1000 : undefined);
  set("hcp_total_mem_mi", by.hcp_mem !== undefined ? by.hcp_mem * 1024 : undefined);
  set("storage_total_cpu_m", by.total_cpu !== undefined && by.hcp_cpu !== undefined ? (by.total_cpu - by.hcp_cpu) * 1000 : undefined);
  set("storage_total_mem_mi", by.total_mem !== undefined && by.hcp_mem !== undefined ? (by.total_mem - by.hcp_mem) * 1024 : undefined);
  set("operator_mem_mi", by.operator_mem);
  set("operator_cpu_m", by.operator_cpu);
  set("op_workqueue_depth_max", by.workqueue_depth_max);
  return cells;
}

function permutation(i: number): readonly number[] {
  const perms = [
    [1.2, 0.9, 1.0],
    [1.0, 1.2, 0.9],
    [0.9, 1.0, 1.2],
    [1.2, 1.0, 0.9],
    [1.0, 0.9, 1.2],
    [0.9, 1.2, 1.0],
  ];
  return perms[i % perms.length];
}

export interface FixtureFiles {
  readonly perfCsv: string;
  readonly scaleCsv: string;
  /** Every run value written, by `<file>|<storage>|<key>|<column>`, for median checks. */
  readonly runs: Map<string, number[]>;
  readonly published: readonly PublishedValue[];
}

export function publishedAsOriginalCsv(): FixtureFiles {
  const published = parsePublished(fs.readFileSync(publishedReferenceFile, "utf8"));
  const groups = new Map<string, PublishedValue[]>();
  for (const v of published) {
    const section = v.section === "operator" ? "capacity" : v.section; // operator numbers live in the same scale row
    const k = [section, v.storage, v.hcpCount ?? "", v.concurrency ?? "", v.preset ?? "", v.replicas].join("|");
    groups.set(k, [...(groups.get(k) ?? []), v]);
  }
  const perfRows: (string | number)[][] = [];
  const scaleRows: (string | number)[][] = [];
  const runs = new Map<string, number[]>();
  let i = 0;
  for (const [key, values] of groups) {
    const [section] = key.split("|");
    const v0 = values[0];
    const factors = permutation(i++);
    const storageName = v0.replicas === 3 ? `${v0.storage}-ha` : v0.storage;
    factors.forEach((f, run) => {
      if (section === "capacity") {
        const cells = scaleCells(values);
        scaleRows.push(
          scaleHeader.map((col) => {
            if (col === "timestamp") return "2025-06-01T00:00:00Z";
            if (col === "storage_name") return storageName;
            if (col === "cluster_count") return v0.hcpCount ?? "";
            if (col === "parallelism") return 10;
            if (col === "run_id") return run + 1;
            return cells[col] !== undefined ? cells[col] * f : "";
          }),
        );
        for (const [col, x] of Object.entries(cells)) runs.set(`scale|${storageName}|${v0.hcpCount}|${col}`, [...(runs.get(`scale|${storageName}|${v0.hcpCount}|${col}`) ?? []), x * f]);
      } else {
        const preset = v0.preset ? sizePresets[v0.preset as keyof typeof sizePresets] : undefined;
        perfRows.push(
          perfHeader.map((col) => {
            if (col === "timestamp") return "2025-06-01T00:00:00Z";
            if (col === "storage_name") return storageName;
            if (col === "profile") return section;
            if (col === "concurrency") return v0.concurrency ?? "";
            if (col === "ops") return section === "light" ? 500 : 10000;
            if (col === "run_id") return run + 1;
            if (col === "hcp_cpu_limit") return preset && "cpu" in preset ? preset.cpu : "";
            if (col === "hcp_memory_limit") return preset && "memory" in preset ? preset.memory : "";
            if (col === "create_first_err") return run === 0 ? 'etcdserver: request timed out, "load-000001"' : "";
            const m = values.find((v) => perfColumns[v.metric]?.column === col);
            return m ? m.value * perfColumns[m.metric].factor * f : "";
          }),
        );
      }
    });
  }
  return { perfCsv: formatCsv(perfHeader, perfRows), scaleCsv: formatCsv(scaleHeader, scaleRows), runs, published };
}

/** Writes the fixture the way the original bench leaves its files: two CSVs in one folder. */
export function writePublishedFixture(dir: string): FixtureFiles {
  const f = publishedAsOriginalCsv();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "bench-perf.csv"), f.perfCsv);
  fs.writeFileSync(path.join(dir, "bench-scale.csv"), f.scaleCsv);
  return f;
}
