import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { backendNames } from "../../infra/names/backends";
import { buildReport } from "../report/buildReport";
import { formatCsv } from "../../infra/names/csv";
import { perfExtraColumns, perfHeader } from "../results/benchCsvHeaders";
import { pointDir } from "../../infra/names/resultsLayout";

/**
 * `npm run bench:report`: the time of `hcpbench report` (tables, three charts
 * rendered to SVG and PNG, HTML) over 10,000 result rows, in the two input
 * shapes: this project's layout (one perf.csv + result.json per run, 20,000
 * files) and one original-format CSV with 10,000 rows. Target: 5 s each.
 */
const rowsWanted = 10_000;
const profiles = ["create-list", "watch-churn", "light"];
const concurrency = [50, 200, 500, 1000];
const runs = Math.ceil(rowsWanted / (backendNames.length * profiles.length * concurrency.length));
const header = [...perfHeader, ...perfExtraColumns];

function row(storage: string, profile: string, c: number, run: number): (string | number)[] {
  const seed = (storage.length * 31 + c * 7 + run * 13) % 97;
  const values: Record<string, number> = {
    write_p50_s: 0.01 + seed / 1000,
    write_p95_s: 0.05 + seed / 500,
    write_p99_s: 0.1 + seed / 200,
    write_throughput_ops: 500 + seed * 30 + c,
    write_successes: 10000,
    write_error_rate: seed / 1000,
    read_throughput_ops: 100 + seed,
    read_p99_s: 1 + seed / 10,
    watch_events: 1_000_000 - seed * 100,
    watch_event_rate: 20000 + seed * 300,
    watch_lag_p99_s: (c / 1000) * (1 + seed / 50),
  };
  return header.map((col) => {
    if (col === "timestamp") return "2026-01-01T00:00:00Z";
    if (col === "storage_name") return storage;
    if (col === "profile") return profile;
    if (col === "concurrency") return c;
    if (col === "ops") return profile === "light" ? 500 : 10000;
    if (col === "run_id") return run;
    return values[col] ?? "";
  });
}

async function time(label: string, input: string): Promise<number> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-report-bench-out-"));
  const t0 = process.hrtime.bigint();
  const r = await buildReport({ input, outDir: out, reference: true });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const rows = r.summary.perfRows.hcpbench + r.summary.perfRows.original;
  process.stdout.write(`${label}: ${rows} rows, ${r.tables.length} tables, ${r.charts.length} charts (SVG+PNG) in ${s.toFixed(2)} s (${Math.round(rows / s)} rows/s) -> ${out}\n`);
  return s;
}

async function main(): Promise<void> {
  const layout = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-report-bench-layout-"));
  const flat = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-report-bench-csv-"));
  const allRows: (string | number)[][] = [];
  const g0 = Date.now();
  for (const storage of backendNames) {
    for (const profile of profiles) {
      for (const c of concurrency) {
        for (let run = 1; run <= runs; run++) {
          const r = row(storage, profile, c, run);
          allRows.push(r);
          const dir = path.join(layout, `${storage}-10`, pointDir({ profile, concurrency: c, run }));
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(path.join(dir, "perf.csv"), formatCsv(header, [r]));
          fs.writeFileSync(path.join(dir, "result.json"), JSON.stringify({ schemaVersion: 1, storageName: storage, profile, partial: false }));
        }
      }
    }
  }
  fs.writeFileSync(path.join(flat, "perf.csv"), formatCsv(perfHeader, allRows.map((r) => r.slice(0, perfHeader.length))));
  process.stdout.write(`generated ${allRows.length} rows in ${((Date.now() - g0) / 1000).toFixed(1)} s (not timed below)\n`);
  const a = await time("report, project layout (20,000 files)", layout);
  const b = await time("report, one original-format CSV", flat);
  process.stdout.write(`target <= 5 s: ${a <= 5 && b <= 5 ? "met" : "MISSED"}\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
