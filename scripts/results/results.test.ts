import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { formatCsv, parseCsv } from "../../infra/names/csv";
import { benchPoints, parsePointPath, pointDir, stackKeyPrefix } from "../../infra/names/resultsLayout";
import { copyMissing, LocalResultsStore, PrefixedResultsStore, type ResultsStore } from "./resultsStore";
import { parseS3Uri } from "./s3Location";

describe("csv", () => {
  it("round-trips fields holding commas, quotes and line breaks", () => {
    const rows = [["etcd", 'request "timed out", retry\nlater', ""], ["kine-mysql", "ok", "3"]];
    const text = formatCsv(["storage_name", "first_err", "n"], rows);
    expect(parseCsv(text)).toEqual([["storage_name", "first_err", "n"], ...rows]);
    expect(parseCsv("a,b\r\n1,2\r\n\r\n")).toEqual([["a", "b"], ["1", "2"]]);
  });
});

describe("layout", () => {
  it("lists the Job's points in its order and maps keys both ways", () => {
    const points = benchPoints({ profiles: ["create-list", "watch-churn"], concurrency: [50, 1000], runs: 2 });
    expect(points).toHaveLength(8);
    expect(pointDir(points[0])).toBe("create-list/c50/run-1");
    expect(pointDir(points[7])).toBe("watch-churn/c1000/run-2");
    expect(parsePointPath("watch-churn/c1000/run-2/perf.csv")).toEqual({ profile: "watch-churn", concurrency: 1000, run: 2, file: "perf.csv" });
    expect(parsePointPath("capacity/run-1/scale.csv")).toBeUndefined();
    expect(stackKeyPrefix("results", "s1", "etcd-10")).toBe("results/s1/etcd-10/");
    expect(stackKeyPrefix("", "s1", "etcd-10")).toBe("s1/etcd-10/");
  });
});

describe("parseS3Uri", () => {
  it("accepts bucket and prefix, and names what is wrong otherwise", () => {
    expect(parseS3Uri("s3://hcpbench-results/s1", "x")).toEqual({ bucket: "hcpbench-results", prefix: "s1/" });
    expect(parseS3Uri("s3://hcpbench-results", "x")).toEqual({ bucket: "hcpbench-results", prefix: "" });
    expect(() => parseS3Uri("s3://UPPER/x", "report input")).toThrow(/report input: "UPPER" is not a valid bucket name/);
    expect(() => parseS3Uri("s3://ok-bucket/a//b", "x")).toThrow(/empty path segments/);
  });
});

/** Records the order of writes, to check that a point's result.json lands last. */
class RecordingStore implements ResultsStore {
  readonly puts: string[] = [];
  readonly files = new Map<string, Buffer>();
  readonly where = "mem://";
  async list(prefix = ""): Promise<string[]> {
    return [...this.files.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
  async get(key: string): Promise<Buffer> {
    return this.files.get(key)!;
  }
  async put(key: string, body: Buffer | string): Promise<void> {
    await new Promise((r) => setTimeout(r, key.endsWith("perf.csv") ? 5 : 0));
    this.puts.push(key);
    this.files.set(key, Buffer.from(body));
  }
}

describe("copyMissing", () => {
  it("copies only what the target lacks, never overwrites, and writes result.json after the rest", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-copy-"));
    const local = new LocalResultsStore(dir);
    await local.put("create-list/c50/run-1/perf.csv", "p1");
    await local.put("create-list/c50/run-1/result.json", "r1");
    await local.put("create-list/c50/run-2/result.json", "new");
    const target = new RecordingStore();
    target.files.set("stack/create-list/c50/run-2/result.json", Buffer.from("old"));
    const copied = await copyMissing(local, new PrefixedResultsStore(target, "stack"));
    expect(copied.sort()).toEqual(["create-list/c50/run-1/perf.csv", "create-list/c50/run-1/result.json"]);
    expect(target.puts).toEqual(["stack/create-list/c50/run-1/perf.csv", "stack/create-list/c50/run-1/result.json"]);
    expect(target.files.get("stack/create-list/c50/run-2/result.json")?.toString()).toBe("old");
  });

  it("replaces a point the target holds as partial with the complete one, and keeps a complete point as it is", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-copy-"));
    const bucket = new LocalResultsStore(dir);
    await bucket.put("create-list/c50/run-1/perf.csv", "rerun");
    await bucket.put("create-list/c50/run-1/result.json", JSON.stringify({ partial: false }));
    await bucket.put("create-list/c50/run-2/result.json", JSON.stringify({ partial: false, from: "bucket" }));
    const local = new RecordingStore();
    local.files.set("create-list/c50/run-1/perf.csv", Buffer.from("cut short"));
    local.files.set("create-list/c50/run-1/result.json", Buffer.from(JSON.stringify({ partial: true })));
    local.files.set("create-list/c50/run-2/result.json", Buffer.from(JSON.stringify({ partial: false, from: "local" })));
    const copied = await copyMissing(bucket, local);
    expect(copied.sort()).toEqual(["create-list/c50/run-1/perf.csv", "create-list/c50/run-1/result.json"]);
    // The point's other files first, its result.json last, as for a new point.
    expect(local.puts).toEqual(["create-list/c50/run-1/perf.csv", "create-list/c50/run-1/result.json"]);
    expect(local.files.get("create-list/c50/run-1/perf.csv")?.toString()).toBe("rerun");
    expect(JSON.parse(local.files.get("create-list/c50/run-2/result.json")!.toString()).from).toBe("local");
  });

  it("never lists a half-written local file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-partial-"));
    fs.writeFileSync(path.join(dir, "perf.csv.123.partial"), "x");
    expect(await new LocalResultsStore(dir).list()).toEqual([]);
  });
});
