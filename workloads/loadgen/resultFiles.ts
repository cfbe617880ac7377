import * as fs from "node:fs";
import * as path from "node:path";
import { csvField } from "../../infra/names/csv";
import type { LatencySummary, LoadgenResult, StepResult } from "./loadgenResult";

/** The original bench's perf columns, in its order (BENCHMARK-SPEC §4), then ours. */
export const perfColumns = [
  "timestamp", "storage_name", "profile", "concurrency", "ops", "run_id", "hcp_cpu_limit", "hcp_memory_limit",
  "write_p50_s", "write_p95_s", "write_p99_s", "write_throughput_ops", "write_successes", "write_errors", "write_error_rate",
  "read_p50_s", "read_p95_s", "read_p99_s", "read_throughput_ops", "read_successes", "read_errors", "read_error_rate",
  "create_errors", "create_first_err", "update1_errors", "update1_first_err", "update2_errors", "update2_first_err", "delete_errors", "delete_first_err",
  "watchers", "watch_events", "watch_errors", "watch_reconnects", "watch_first_err", "watch_event_rate",
  "watch_lag_p50_s", "watch_lag_p95_s", "watch_lag_p99_s", "watch_lag_max_s",
  "hcp_resource_samples", "hcp_p50_mem_mi", "hcp_p95_mem_mi", "hcp_max_mem_mi", "hcp_p50_cpu_m", "hcp_p95_cpu_m", "hcp_max_cpu_m",
  "create_successes", "update1_successes", "update2_successes", "delete_successes", "watch_expected_events", "not_attempted",
  "watch_gaps", "watch_duplicates", "watch_out_of_order", "watch_phantom_events", "watch_stalls", "watch_stall_max_s",
  "client_cpu_cores", "client_event_loop_p99_ms", "client_connections", "offered_rate", "achieved_rate", "invalid",
] as const;

export type PerfColumn = (typeof perfColumns)[number];

export function resultJson(result: LoadgenResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** One header line and one row. Durations in seconds with 3 decimals, error rates as fractions. */
export function perfCsv(result: LoadgenResult): string {
  const row = perfRow(result);
  return `${perfColumns.join(",")}\n${perfColumns.map((c) => csvField(row[c])).join(",")}\n`;
}

/** Writes DIR/result.json and DIR/perf.csv (creating DIR); each file is written whole, then renamed into place. */
export function writeResultFiles(dir: string, result: LoadgenResult): void {
  fs.mkdirSync(dir, { recursive: true });
  writeAtomically(path.join(dir, "result.json"), resultJson(result));
  writeAtomically(path.join(dir, "perf.csv"), perfCsv(result));
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

const seconds = (s: number) => s.toFixed(3);
const fraction = (f: number) => f.toFixed(4);
const rate = (r: number) => r.toFixed(2);
const oneDecimal = (n: number) => (Math.round(n * 10) / 10).toString();

export function perfRow(r: LoadgenResult): Record<PerfColumn, string> {
  const step = (name: string): StepResult | undefined => r.steps[name];
  const errs = (name: string) => String(step(name)?.errors ?? 0);
  const firstErr = (name: string) => oneLine(step(name)?.firstError ?? "");
  const succ = (name: string) => String(step(name)?.successes ?? 0);
  const lat = (l: LatencySummary | undefined, k: "p50" | "p95" | "p99" | "max") => seconds(l?.[k] ?? 0);
  const w = r.watch;
  const res = r.resources;
  const notAttempted = Object.values(r.steps).reduce((n, s) => n + s.notAttempted + s.skipped, 0);
  return {
    timestamp: r.timestamp,
    storage_name: r.storageName,
    profile: r.profile,
    concurrency: String(r.settings.concurrency),
    ops: String(r.settings.ops),
    run_id: r.runId,
    hcp_cpu_limit: r.hcpCpuLimit,
    hcp_memory_limit: r.hcpMemoryLimit,
    write_p50_s: lat(r.writes.latency, "p50"),
    write_p95_s: lat(r.writes.latency, "p95"),
    write_p99_s: lat(r.writes.latency, "p99"),
    write_throughput_ops: rate(r.writes.throughputOps),
    write_successes: String(r.writes.successes),
    write_errors: String(r.writes.errors),
    write_error_rate: fraction(r.writes.errorRate),
    read_p50_s: lat(r.reads.latency, "p50"),
    read_p95_s: lat(r.reads.latency, "p95"),
    read_p99_s: lat(r.reads.latency, "p99"),
    read_throughput_ops: rate(r.reads.throughputOps),
    read_successes: String(r.reads.successes),
    read_errors: String(r.reads.errors),
    read_error_rate: fraction(r.reads.errorRate),
    create_errors: errs("create"),
    create_first_err: firstErr("create"),
    update1_errors: errs("update1"),
    update1_first_err: firstErr("update1"),
    update2_errors: errs("update2"),
    update2_first_err: firstErr("update2"),
    delete_errors: errs("delete"),
    delete_first_err: firstErr("delete"),
    watchers: String(w?.watchers ?? 0),
    watch_events: String(w?.events ?? 0),
    watch_errors: String(w?.errors ?? 0),
    watch_reconnects: String(w?.reconnects ?? 0),
    watch_first_err: oneLine(w?.firstError ?? ""),
    watch_event_rate: rate(w?.eventRate ?? 0),
    watch_lag_p50_s: lat(w?.lag, "p50"),
    watch_lag_p95_s: lat(w?.lag, "p95"),
    watch_lag_p99_s: lat(w?.lag, "p99"),
    watch_lag_max_s: lat(w?.lag, "max"),
    hcp_resource_samples: String(res?.samples ?? 0),
    hcp_p50_mem_mi: oneDecimal(res?.p50MemMi ?? 0),
    hcp_p95_mem_mi: oneDecimal(res?.p95MemMi ?? 0),
    hcp_max_mem_mi: oneDecimal(res?.maxMemMi ?? 0),
    hcp_p50_cpu_m: oneDecimal(res?.p50CpuM ?? 0),
    hcp_p95_cpu_m: oneDecimal(res?.p95CpuM ?? 0),
    hcp_max_cpu_m: oneDecimal(res?.maxCpuM ?? 0),
    create_successes: succ("create"),
    update1_successes: succ("update1"),
    update2_successes: succ("update2"),
    delete_successes: succ("delete"),
    watch_expected_events: String(w?.expectedEvents ?? 0),
    not_attempted: String(notAttempted),
    watch_gaps: String(w?.integrity?.gaps ?? 0),
    watch_duplicates: String(w?.integrity?.duplicates ?? 0),
    watch_out_of_order: String(w?.integrity?.outOfOrder ?? 0),
    watch_phantom_events: String(w?.integrity?.phantomEvents ?? 0),
    watch_stalls: String(w?.integrity?.stalls ?? 0),
    watch_stall_max_s: seconds(w?.integrity?.longestStallS ?? 0),
    client_cpu_cores: String(r.client.cpuCores ?? ""),
    client_event_loop_p99_ms: String(r.client.eventLoopDelayP99Ms ?? ""),
    client_connections: String(r.client.connections ?? ""),
    offered_rate: r.rates ? rate(r.rates.offered) : "",
    achieved_rate: r.rates ? rate(r.rates.achieved) : "",
    invalid: oneLine(r.invalid ?? ""),
  };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim().slice(0, 300);
}
