/**
 * The original bench's CSV headers (BENCHMARK-SPEC §4), in order. Both this
 * project's files and the original bench's files start with these columns;
 * this project appends its own columns after them.
 */
export const perfHeader = [
  "timestamp", "storage_name", "profile", "concurrency", "ops", "run_id", "hcp_cpu_limit", "hcp_memory_limit",
  "write_p50_s", "write_p95_s", "write_p99_s", "write_throughput_ops", "write_successes", "write_errors", "write_error_rate",
  "read_p50_s", "read_p95_s", "read_p99_s", "read_throughput_ops", "read_successes", "read_errors", "read_error_rate",
  "create_errors", "create_first_err", "update1_errors", "update1_first_err", "update2_errors", "update2_first_err",
  "delete_errors", "delete_first_err", "watchers", "watch_events", "watch_errors", "watch_reconnects", "watch_first_err",
  "watch_event_rate", "watch_lag_p50_s", "watch_lag_p95_s", "watch_lag_p99_s", "watch_lag_max_s",
  "hcp_resource_samples", "hcp_p50_mem_mi", "hcp_p95_mem_mi", "hcp_max_mem_mi", "hcp_p50_cpu_m", "hcp_p95_cpu_m", "hcp_max_cpu_m",
] as const;

/** Columns this project's perf.csv carries after the original ones (ARCHITECTURE, loadgen interface). */
export const perfExtraColumns = [
  "create_successes", "update1_successes", "update2_successes", "delete_successes", "watch_expected_events", "not_attempted",
  // Watch integrity (issue 11): appended, so every earlier column keeps its place.
  "watch_gaps", "watch_duplicates", "watch_out_of_order", "watch_phantom_events", "watch_stalls", "watch_stall_max_s",
  // Self-check (issue 11): the client's own load, and why a point is invalid.
  "client_cpu_cores", "client_event_loop_p99_ms", "client_connections", "offered_rate", "achieved_rate", "invalid",
] as const;

export const scaleHeader = [
  "timestamp", "storage_name", "cluster_count", "parallelism", "run_id",
  "provision_p50_s", "provision_p95_s", "provision_p99_s", "provision_max_s",
  "hcp_p50_mem_mi", "hcp_p95_mem_mi", "hcp_total_mem_mi", "hcp_p50_cpu_m", "hcp_total_cpu_m",
  "storage_p50_mem_mi", "storage_p95_mem_mi", "storage_total_mem_mi", "storage_p50_cpu_m", "storage_total_cpu_m",
  "operator_mem_mi", "operator_cpu_m", "churn_recovery_p50_s", "churn_recovery_p95_s",
  "mgmt_apiserver_qps", "mgmt_apiserver_p99_s", "mgmt_etcd_fsync_p99_s", "mgmt_etcd_commit_p99_s", "mgmt_etcd_leader_changes_per_s",
  "op_reconcile_p95_s", "op_reconcile_err_per_s", "op_workqueue_depth_max", "worker_cpu_max_pct", "worker_mem_max_pct",
  "storage_internals_json",
] as const;

export type PerfColumn = (typeof perfHeader)[number] | (typeof perfExtraColumns)[number];
export type ScaleColumn = (typeof scaleHeader)[number];

/** Which original format a CSV header is, if any: its first columns must be exactly the original ones. */
export function detectCsvKind(header: readonly string[]): "perf" | "scale" | undefined {
  const trimmed = header.map((h) => h.trim());
  const startsWith = (expected: readonly string[]) => expected.every((col, i) => trimmed[i] === col);
  if (trimmed.length >= perfHeader.length && startsWith(perfHeader)) return "perf";
  if (trimmed.length >= scaleHeader.length && startsWith(scaleHeader)) return "scale";
  return undefined;
}
