import { describe, expect, it } from "vitest";
import { perfColumns } from "../../workloads/loadgen/resultFiles";
import { formatCsv } from "../../infra/names/csv";
import { perfExtraColumns, perfHeader, scaleHeader } from "../results/benchCsvHeaders";
import { aggregatePerf, median } from "./aggregate";
import { parseMemoryMiB, parseMilliCpu, presetOfLimits } from "./limits";
import { parseResultCsv, type PerfRecord } from "./records";
import { hintsFromJson } from "./resultJsonAdapter";

const perfRow = (cells: Record<string, string | number>) => perfHeader.map((c) => cells[c] ?? "");

describe("the bench's perf.csv", () => {
  it("starts with the original header and carries the agreed extra columns, so the report reads it", () => {
    expect(perfColumns.slice(0, perfHeader.length)).toEqual([...perfHeader]);
    expect(perfColumns.slice(perfHeader.length)).toEqual([...perfExtraColumns]);
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([1.2, 0.9, 1.0])).toBe(1.0);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe("limits", () => {
  it("maps the original limit columns to size presets", () => {
    expect(parseMilliCpu("250m")).toBe(250);
    expect(parseMilliCpu("2")).toBe(2000);
    expect(parseMemoryMiB("1Gi")).toBe(1024);
    // Kubernetes' grammar: "k" is kilo, "K" is no suffix at all.
    expect(parseMemoryMiB("1048576k")).toBe(1000);
    expect(parseMemoryMiB("1024K")).toBeUndefined();
    expect(presetOfLimits("250m", "512Mi")).toBe("tiny");
    expect(presetOfLimits("1", "1Gi")).toBe("medium");
    expect(presetOfLimits("", "")).toBe("unlimited");
    expect(presetOfLimits("300m", "512Mi")).toBeUndefined();
  });
});

describe("parseResultCsv", () => {
  it("reads original perf rows, takes HA from the storage name, and the preset from the limits", () => {
    const text = formatCsv(perfHeader, [
      perfRow({ storage_name: "etcd-ha", profile: "watch-churn", concurrency: 1000, ops: 10000, run_id: 1, watch_lag_p99_s: 4.8 }),
      perfRow({ storage_name: "kine-mysql", profile: "light", concurrency: 10, ops: 500, run_id: 2, hcp_cpu_limit: "500m", hcp_memory_limit: "768Mi", write_throughput_ops: 82 }),
    ]);
    const [ha, light] = parseResultCsv(text, "f.csv", "original") as PerfRecord[];
    expect(ha).toMatchObject({ storage: "etcd", replicas: 3, preset: "unlimited", values: { watch_lag_p99_s: 4.8 } });
    expect(light).toMatchObject({ storage: "kine-mysql", replicas: 1, preset: "small", values: { write_throughput_ops: 82 } });
    expect(light.values.write_p99_s).toBeUndefined();
  });

  it("reads scale rows with extra columns after the original ones", () => {
    const cells: Record<string, string | number> = { storage_name: "etcd", cluster_count: 50, run_id: 1, hcp_total_cpu_m: 17300 };
    const text = formatCsv([...scaleHeader, "replicas"], [[...scaleHeader.map((c) => cells[c] ?? ""), 3]]);
    expect(parseResultCsv(text, "s.csv", "hcpbench")).toMatchObject([{ kind: "scale", storage: "etcd", clusterCount: 50, replicas: 3, values: { hcp_total_cpu_m: 17300 } }]);
  });

  it("rejects unknown headers and rows without their keys, naming the file and line", () => {
    expect(() => parseResultCsv("storage,value\netcd,1\n", "x.csv", "original")).toThrow(/x\.csv: unknown CSV header "storage,value"; expected the original perf: timestamp,/);
    expect(() => parseResultCsv(formatCsv(perfHeader, [perfRow({ storage_name: "etcd", profile: "light", ops: 1, concurrency: "ten" })]), "y.csv", "original")).toThrow(/y\.csv:2: profile, concurrency and ops must be set/);
  });
});

describe("aggregatePerf", () => {
  it("keys on storage, profile, concurrency, ops, limits and replicas", () => {
    const rec = (storage: string, ops: number, replicas: number, v: number): PerfRecord => ({
      kind: "perf", source: "hcpbench", file: "f", storage, profile: "create-list", concurrency: 50, ops, runId: "1", cpuLimit: "", memoryLimit: "", preset: "unlimited", replicas, values: { write_throughput_ops: v },
    });
    const points = aggregatePerf([rec("etcd", 10000, 1, 10), rec("etcd", 10000, 1, 30), rec("etcd", 10000, 1, 20), rec("etcd", 500, 1, 99), rec("etcd", 10000, 3, 7)]);
    expect(points.map((p) => [p.ops, p.replicas, p.runs, p.values.write_throughput_ops])).toEqual([[10000, 1, 3, 20], [500, 1, 1, 99], [10000, 3, 1, 7]]);
  });
});

describe("hintsFromJson", () => {
  it("reads the bench's result.json and the sweep's stack.json", () => {
    expect(hintsFromJson(JSON.stringify({ schemaVersion: 1, storageName: "kine-t4", partial: true }))).toEqual({ storage: "kine-t4", partial: true });
    expect(hintsFromJson(JSON.stringify({ stack: "etcd-10", backend: "etcd", replicas: 3 }))).toEqual({ storage: "etcd", replicas: 3 });
    // Not JSON: said so, never read as "no hints" (a truncated result.json must not count as a complete run).
    expect(hintsFromJson("not json")).toEqual({ malformed: expect.stringMatching(/JSON/) });
  });
});
