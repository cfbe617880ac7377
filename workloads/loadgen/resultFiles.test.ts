import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { K8sApiServer } from "../../test/k8sApiServer/k8sApiServer";
import { MemoryKvStore } from "../../test/k8sApiServer/memoryKvStore";
import type { LoadgenResult } from "./loadgenResult";
import { perfColumns, perfCsv, resultJson, writeResultFiles } from "./resultFiles";
import { validateResult } from "./resultSchema";
import { runLoadgen } from "./runLoadgen";

/** The original bench's header, as BENCHMARK-SPEC §4 lists it. */
const originalHeader =
  "timestamp, storage_name, profile, concurrency, ops, run_id, hcp_cpu_limit, hcp_memory_limit, write_p50_s, write_p95_s, write_p99_s, write_throughput_ops, write_successes, write_errors, write_error_rate, read_p50_s, read_p95_s, read_p99_s, read_throughput_ops, read_successes, read_errors, read_error_rate, create_errors, create_first_err, update1_errors, update1_first_err, update2_errors, update2_first_err, delete_errors, delete_first_err, watchers, watch_events, watch_errors, watch_reconnects, watch_first_err, watch_event_rate, watch_lag_p50_s, watch_lag_p95_s, watch_lag_p99_s, watch_lag_max_s, hcp_resource_samples, hcp_p50_mem_mi, hcp_p95_mem_mi, hcp_max_mem_mi, hcp_p50_cpu_m, hcp_p95_cpu_m, hcp_max_cpu_m".split(", ");

/** Splits one CSV line (RFC 4180 quoting). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") out.push(cur), (cur = "");
    else cur += c;
  }
  out.push(cur);
  return out;
}

describe("result files", () => {
  let api: K8sApiServer;
  let churn: LoadgenResult;
  let list: LoadgenResult;

  beforeAll(async () => {
    api = await K8sApiServer.start({ store: new MemoryKvStore() });
    const target = { kind: "kubernetes", kubeconfig: api.kubeconfig() } as const;
    // Every 7th create is throttled: the 429's message holds a comma, which perf.csv must quote.
    api.inject({ kind: "throttle", verb: "create", every: 7 });
    churn = await runLoadgen({ target, profile: "watch-churn", ops: 70, concurrency: 5, watchers: 2, warmup: 0, labels: { storageName: "kine-postgres", hcpCpuLimit: "500m", hcpMemoryLimit: "768Mi", runId: "2" } });
    api.faults.clear();
    list = await runLoadgen({ target, profile: "light", ops: 40, concurrency: 4 });
  });
  afterAll(() => api.stop());

  it("perf.csv: the original columns first in their order, then ours, one row", () => {
    expect(perfColumns.slice(0, originalHeader.length)).toEqual(originalHeader);
    expect(perfColumns.slice(originalHeader.length)).toEqual(["create_successes", "update1_successes", "update2_successes", "delete_successes", "watch_expected_events", "not_attempted",
      // Watch integrity (issue 11): added after every earlier column, so older readers keep their positions.
      "watch_gaps", "watch_duplicates", "watch_out_of_order", "watch_phantom_events", "watch_stalls", "watch_stall_max_s",
      "client_cpu_cores", "client_event_loop_p99_ms", "client_connections", "offered_rate", "achieved_rate", "invalid"]);
    const lines = perfCsv(churn).trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(perfColumns.join(","));
    expect(csvFields(lines[1])).toHaveLength(perfColumns.length);
  });

  it("perf.csv: seconds with 3 decimals, error rate as a fraction, first errors quoted, counts that add up", () => {
    const row = Object.fromEntries(perfColumns.map((c, i) => [c, csvFields(perfCsv(churn).split("\n")[1])[i]]));
    for (const c of ["write_p50_s", "write_p95_s", "write_p99_s", "watch_lag_p50_s", "watch_lag_max_s"]) expect(row[c]).toMatch(/^\d+\.\d{3}$/);
    expect(row).toMatchObject({ storage_name: "kine-postgres", profile: "watch-churn", concurrency: "5", ops: "70", run_id: "2", hcp_cpu_limit: "500m", hcp_memory_limit: "768Mi", watchers: "2" });
    expect(row.create_errors).toBe("10");
    expect(row.create_first_err).toBe("429 TooManyRequests: Too many requests, please try again later.");
    expect(Number(row.create_successes)).toBe(60);
    // A failed create skips its object's later steps: skipped, never sent, counted in not_attempted.
    expect(Number(row.not_attempted)).toBe(30);
    expect(Number(row.write_error_rate)).toBeCloseTo(10 / (60 * 4 + 10), 4);
    expect(Number(row.watch_expected_events)).toBe(60 * 4 * 2);
    expect(row.watch_events).toBe(row.watch_expected_events);
    // A clean stream (the failed creates never reached the store): every integrity count is zero.
    expect([row.watch_gaps, row.watch_duplicates, row.watch_out_of_order, row.watch_phantom_events, row.watch_stalls, row.watch_stall_max_s]).toEqual(["0", "0", "0", "0", "0", "0.000"]);
    expect(churn.watch?.integrity?.perWatcher).toHaveLength(2);
    expect(row.timestamp).toBe(churn.timestamp);
  });

  it("perf.csv: each latency column takes its own percentile, in seconds", () => {
    // Hand-made distinct values: a column reading its neighbour's percentile, or milliseconds, shows.
    const latency = { count: 10, mean: 0.02, p50: 0.011, p90: 0.022, p95: 0.033, p99: 0.044, p999: 0.05, max: 0.055 };
    const lag = { ...latency, p50: 0.101, p90: 0.202, p95: 0.303, p99: 0.404, max: 0.505 };
    const r: LoadgenResult = { ...churn, writes: { ...churn.writes, latency }, reads: { ...churn.reads, latency: { ...latency, p50: 0.001, p95: 0.003, p99: 0.004 } }, watch: { ...churn.watch!, lag } };
    const row = Object.fromEntries(perfColumns.map((c, i) => [c, csvFields(perfCsv(r).split("\n")[1])[i]]));
    expect(row).toMatchObject({ write_p50_s: "0.011", write_p95_s: "0.033", write_p99_s: "0.044", read_p50_s: "0.001", read_p95_s: "0.003", read_p99_s: "0.004" });
    expect(row).toMatchObject({ watch_lag_p50_s: "0.101", watch_lag_p95_s: "0.303", watch_lag_p99_s: "0.404", watch_lag_max_s: "0.505" });
  });

  it("result.json matches its JSON Schema, and the schema rejects what it should", () => {
    for (const r of [churn, list]) {
      const doc = JSON.parse(resultJson(r));
      expect(validateResult(doc)).toEqual({ valid: true, errors: [] });
    }
    const broken = JSON.parse(resultJson(list));
    delete broken.writes.latency.p99;
    broken.schemaVersion = 2;
    broken.steps.create.errorsByClass.gremlins = 1;
    const v = validateResult(broken);
    expect(v.valid).toBe(false);
    expect(v.errors.join("\n")).toMatch(/schemaVersion/);
    expect(v.errors.join("\n")).toMatch(/writes\/latency must have required property 'p99'/);
    expect(v.errors.join("\n")).toMatch(/errorsByClass must NOT have additional properties/);
  });

  it("writes DIR/result.json and DIR/perf.csv", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lg-"));
    const dir = path.join(root, "nested", "run-1");
    writeResultFiles(dir, list);
    expect(fs.readdirSync(dir).sort()).toEqual(["perf.csv", "result.json"]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "result.json"), "utf8")).profile).toBe("light");
    expect(fs.readFileSync(path.join(dir, "perf.csv"), "utf8")).toBe(perfCsv(list));
    fs.rmSync(root, { recursive: true });
  });
});
