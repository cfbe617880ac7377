import { describe, expect, it } from "vitest";
import { perfColumns } from "../../workloads/loadgen/resultFiles";
import { parseResultCsv, type PerfRecord } from "./records";
import { renderMarkdown, type ReportSummary } from "./renderMarkdown";
import { watchIntegrityFlags } from "./watchIntegrityFlags";

/** A perf.csv as the load generator writes it: every column, the given ones set. */
function perfCsv(rows: Record<string, string>[]): string {
  const base: Record<string, string> = { timestamp: "2026-01-01T00:00:00Z", storage_name: "kine-postgres", profile: "watch-churn", concurrency: "100", ops: "1000", run_id: "1" };
  return [perfColumns.join(","), ...rows.map((r) => perfColumns.map((c) => r[c] ?? base[c] ?? "0").join(","))].join("\n") + "\n";
}

describe("the report flags every run with a non-zero watch-integrity count", () => {
  const records = parseResultCsv(
    perfCsv([{ run_id: "1" }, { run_id: "2", watch_gaps: "3", watch_stalls: "2", watch_stall_max_s: "4.115" }, { run_id: "3", storage_name: "etcd", watch_phantom_events: "1" }]),
    "r/perf.csv",
    "hcpbench",
  ) as PerfRecord[];

  it("names the run and each non-zero count; a clean run is not flagged", () => {
    expect(watchIntegrityFlags(records)).toEqual([
      "kine-postgres watch-churn at 100 clients, run 2 (r/perf.csv): gaps 3, stalls 2 (longest stall 4.115 s)",
      "etcd watch-churn at 100 clients, run 3 (r/perf.csv): phantom events 1",
    ]);
  });

  it("report.md carries a warning section with each flag, and none when every run is clean", () => {
    const summary: ReportSummary = { input: "r", generatedAt: "now", perfRows: { hcpbench: 3, original: 0 }, scaleRows: { hcpbench: 0, original: 0 }, withReference: false, partialRuns: 0, malformedRuns: [], includeMalformed: false, watchIntegrityFlags: watchIntegrityFlags(records) };
    const md = renderMarkdown([], [], summary);
    expect(md).toContain("## ⚠ Watch integrity");
    expect(md).toContain("- ⚠ kine-postgres watch-churn at 100 clients, run 2 (r/perf.csv): gaps 3, stalls 2 (longest stall 4.115 s)");
    expect(renderMarkdown([], [], { ...summary, watchIntegrityFlags: watchIntegrityFlags(records.slice(0, 1)) })).not.toContain("Watch integrity");
  });
});
