import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { buildReport, type ReportResult } from "../../scripts/report/buildReport";
import type { Table } from "../../scripts/report/tables";
import type { PublishedValue } from "../../scripts/report/publishedReference";
import { writePublishedFixture, type FixtureFiles } from "./publishedFixture";
import { writePoint } from "./projectLayoutFixture";
import { decodePng, distinctColours, pngSignature } from "./pngPixels";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { startLocalS3 } from "../bench/s3Server";

const repoRoot = path.resolve(__dirname, "..", "..");
const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `hcpbench-report-${name}-`));

function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [path.join(repoRoot, "bin", "hcpbench.js"), ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });
}

function table(r: ReportResult, id: string): Table {
  const t = r.tables.find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
}

function cellAt(t: Table, labels: string[], column: string) {
  const row = t.rows.find((r) => labels.every((l, i) => r[i].text === l));
  const col = t.columns.indexOf(column);
  if (!row || col < 0) return undefined;
  return row[col];
}

/** Where a published number appears in the report: table, row labels and column. */
function locate(v: PublishedValue): { table: string; labels: string[]; column: string; factor: number } | undefined {
  const capacity: Record<string, [string, number]> = {
    ready_p50: ["Ready p50 (s)", 1],
    ready_p99: ["Ready p99 (s)", 1],
    hcp_cpu: ["HCP CPU (cores)", 1],
    hcp_mem: ["HCP mem (GiB)", 1],
    total_cpu: ["Total CPU (cores)", 1],
    total_mem: ["Total mem (GiB)", 1],
  };
  const operator: Record<string, string> = { operator_mem: "Operator mem (MiB)", operator_cpu: "Operator CPU (m)", workqueue_depth_max: "Max workqueue depth" };
  const perf: Record<string, string> = {
    write_throughput: "Write ops/s",
    write_p99: "Write p99 (s)",
    read_throughput: "Read ops/s",
    read_p99: "Read p99 (s)",
    write_error_rate: "Write errors (%)",
    write_successes: "Write successes",
    watch_events: "Watch events",
    watch_lag_p99: "Lag p99 (s)",
    watch_event_rate: "Event rate (/s)",
  };
  // The original bench's CSVs record no peak of the HCP and storage pods together, so "Total" stays empty for them (checked below).
  if (v.section === "capacity" && v.metric.startsWith("total_")) return undefined;
  if (v.section === "capacity") return { table: "capacity", labels: [v.storage, String(v.hcpCount)], column: capacity[v.metric][0], factor: 1 };
  if (v.section === "operator") return { table: "operator", labels: [v.storage, String(v.hcpCount)], column: operator[v.metric], factor: 1 };
  if (v.concurrency !== 1000 && v.section !== "light") return undefined; // c50 numbers are chart points, not table cells
  if (v.section === "create-list") return { table: "create-list", labels: [v.storage], column: perf[v.metric], factor: 1 };
  if (v.section === "watch-churn") return { table: v.replicas === 3 ? "ha" : "watch-churn", labels: [v.storage], column: perf[v.metric], factor: 1 };
  if (v.section === "light") return { table: "presets", labels: [v.storage], column: v.metric === "write_p99" ? "unlimited p99 (s)" : v.preset!, factor: 1 };
  return undefined;
}

describe("report over the published numbers, three runs per point in the original CSV format", () => {
  let fixture: FixtureFiles;
  let result: ReportResult;
  let out: string;

  beforeAll(async () => {
    const input = tmp("published");
    fixture = writePublishedFixture(input);
    out = tmp("out");
    result = await buildReport({ input, outDir: out, reference: true });
  });

  it("puts the median of the three runs (the published value) in every cell that has one", () => {
    let checked = 0;
    for (const v of fixture.published) {
      const where = locate(v);
      if (!where) continue;
      const c = cellAt(table(result, where.table), where.labels, where.column);
      expect(c?.value, `${where.table} ${where.labels.join("/")} ${where.column}`).toBeDefined();
      // Mean (1.033x), first run or last run would all be off by 3-20 %.
      expect(c!.value!).toBeCloseTo(v.value * where.factor, 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
  });

  it("lists every measured perf point, c50 and presets included, with the median of its runs", () => {
    const t = table(result, "all-points");
    const perfSections = new Set(["create-list", "watch-churn", "light"]);
    const perf: Record<string, string> = { write_throughput: "Write ops/s", write_p99: "Write p99 (s)", read_throughput: "Read ops/s", read_p99: "Read p99 (s)", watch_lag_p99: "Lag p99 (s)", watch_event_rate: "Event rate (/s)" };
    let checked = 0;
    for (const v of fixture.published) {
      if (!perfSections.has(v.section) || !perf[v.metric]) continue;
      const rows = t.rows.filter((r) => r[0].text === v.section && r[1].text === v.storage && r[2].text === String(v.concurrency) && r[4].text === (v.preset ?? "unlimited") && r[5].text === String(v.replicas));
      expect(rows, `${v.section} ${v.storage} c${v.concurrency} ${v.preset ?? ""} r${v.replicas}`).toHaveLength(1);
      expect(rows[0][6].text).toBe("3");
      expect(rows[0][t.columns.indexOf(perf[v.metric])].value).toBeCloseTo(v.value, 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(60);
  });

  it("derives per-HCP sizing from the medians", () => {
    const t = table(result, "sizing");
    const c = cellAt(t, ["kine-postgres", "100"], "HCP cores / HCP");
    expect(c?.value).toBeCloseTo(99.2 / 100, 6);
    const m = cellAt(t, ["etcd", "10"], "HCP MiB / HCP");
    expect(m?.value).toBeCloseTo((2.0 * 1024) / 10, 6);
    // No peak of the sum in the original CSVs: no total per HCP either, only the published one.
    const total = cellAt(t, ["etcd", "10"], "Total MiB / HCP");
    expect(total?.value).toBeUndefined();
    expect(total?.reference).toBeCloseTo((2.4 * 1024) / 10, 6);
  });

  it("never adds the HCP and storage peaks into a total, and flags the published totals above the pools' allocatable", () => {
    const t = table(result, "capacity");
    // kine-postgres at 100 HCPs ran on 3 x m5.4xlarge (15.89 cores allocatable each: 16 - 0.11 kube-reserved)
    // plus one r6i.xlarge database node (4 - 0.08): 51.59 cores. The write-up's 102.4 cores cannot fit.
    const pg = cellAt(t, ["kine-postgres", "100"], "Total CPU (cores)")!;
    expect(pg.value).toBeUndefined();
    expect(pg.reference).toBeCloseTo(102.4, 9);
    expect(pg.overAllocatable).toBe(true);
    expect(pg.text).toBe("- (ref 102 ⚠ above 51.6 allocatable)");
    // Its HCP pods alone (99.2 cores) are above the HCP pool's 47.67: flagged on the measured value too.
    const hcp = cellAt(t, ["kine-postgres", "100"], "HCP CPU (cores)")!;
    expect(hcp.value).toBeCloseTo(99.2, 9);
    expect(hcp.text).toBe("99.2 ⚠ above 47.7 allocatable (ref 99.2 ⚠ above 47.7 allocatable, ×1.00)");
    // etcd at 100 HCPs keeps its storage in the HCP pool: 42.1 cores under 47.67, no flag.
    const etcd = cellAt(t, ["etcd", "100"], "Total CPU (cores)")!;
    expect(etcd.overAllocatable).toBeUndefined();
    expect(etcd.text).toBe("- (ref 42.1)");
    // Memory: 55.9 GiB against 3 x 62,607 MiB + 31,775 MiB (214.4 GiB): no flag.
    expect(cellAt(t, ["kine-postgres", "100"], "Total mem (GiB)")!.overAllocatable).toBeUndefined();
  });

  it("with --reference, shows the published number beside each measured one and a ratio of 1", () => {
    // "all-points" lists every measured point, published or not, so it carries no reference column.
    const published = result.tables.filter((t) => t.id !== "all-points");
    const withValue = published.flatMap((t) => t.rows.flatMap((r) => r.slice(t.labelColumns))).filter((c) => c.value !== undefined);
    expect(withValue.length).toBeGreaterThan(150);
    for (const c of withValue) {
      expect(c.reference).toBeDefined();
      // 0 against a published 0 (etcd's 0.0 % errors) counts as equal.
      expect(c.ratio).toBeCloseTo(1, 9);
      expect(c.text).toMatch(/\(ref .+, ×1\.00\)$/);
    }
    const md = fs.readFileSync(path.join(out, "report.md"), "utf8");
    expect(md).toContain("| etcd | 2920 (ref 2920, ×1.00) | 0.673 (ref 0.673, ×1.00) |");
  });

  it("states which known flaws it fixes and how many rows still carry them", () => {
    const md = fs.readFileSync(path.join(out, "report.md"), "utf8");
    expect(md).toContain("## What this measurement fixes");
    expect(md).toContain("Delete events were timed against the update's timestamp");
    const perfRows = fixture.perfCsv.trim().split("\n").length - 1;
    expect(md).toContain(`Rows read from the original bench's CSV files: ${perfRows} perf`);
    const html = fs.readFileSync(path.join(out, "report.html"), "utf8");
    expect(html).toContain("<table>");
    expect(html).toContain("Operations never sent before the phase timeout were counted as errors.");
  });
});

describe("a run whose result.json is malformed", () => {
  const setup = () => {
    const input = tmp("malformed");
    for (const run of [1, 2, 3]) writePoint(input, { stack: "etcd-10", storage: "etcd", profile: "create-list", concurrency: 50, run, values: { write_throughput_ops: 100 } });
    // A truncated upload of run 4, whose throughput would pull the median if it counted.
    writePoint(input, { stack: "etcd-10", storage: "etcd", profile: "create-list", concurrency: 50, run: 4, values: { write_throughput_ops: 1 } });
    writePoint(input, { stack: "etcd-10", storage: "etcd", profile: "create-list", concurrency: 50, run: 5, values: { write_throughput_ops: 1 } });
    for (const run of [4, 5]) fs.writeFileSync(path.join(input, "etcd-10/create-list/c50", `run-${run}`, "result.json"), '{"schemaVersion": 1, "partial": tr');
    return input;
  };

  it("is named and left out of the medians", async () => {
    const input = setup();
    const result = await buildReport({ input, outDir: tmp("malformed-out"), reference: false, charts: false });
    expect(result.summary.perfRows.hcpbench).toBe(3);
    expect(result.summary.malformedRuns).toHaveLength(2);
    expect(result.summary.malformedRuns[0]).toMatch(/etcd-10\/create-list\/c50\/run-4\/result\.json: .*JSON/);
  });

  it("counts when asked, and still says so", async () => {
    const input = setup();
    const out = tmp("malformed-in");
    const result = await buildReport({ input, outDir: out, reference: false, charts: false, includeMalformed: true });
    expect(result.summary.perfRows.hcpbench + result.summary.perfRows.original).toBe(5);
    expect(fs.readFileSync(path.join(out, "report.md"), "utf8")).toContain("2 runs have a malformed JSON file and are counted anyway");
  });
});

describe("report over this project's results layout", () => {
  const backends = ["etcd", "kine-postgres", "kine-mysql"];
  const concurrencies = [50, 200, 500, 1000];
  let result: ReportResult;
  let out: string;

  beforeAll(async () => {
    const input = tmp("layout");
    for (const [bi, storage] of backends.entries()) {
      for (const c of concurrencies) {
        for (const run of [1, 2, 3]) {
          const jitter = [1.1, 0.8, 1.0][(run + bi) % 3];
          writePoint(input, { stack: `${storage}-10`, storage, profile: "create-list", concurrency: c, run, values: { write_throughput_ops: (1000 + 400 * bi) * Math.log10(c) * jitter, write_p99_s: 0.1 * (bi + 1) } });
          writePoint(input, { stack: `${storage}-10`, storage, profile: "watch-churn", concurrency: c, run, values: { watch_lag_p99_s: (c / 1000) * (bi + 1) * jitter, watch_event_rate: 20000 / (bi + 1) + c * jitter } });
        }
      }
      // An HA run: replicas come from the sweep's stack.json, not from the CSV.
      writePoint(input, { stack: `${storage}-10-ha`, storage, profile: "watch-churn", concurrency: 1000, run: 1, replicas: 3, values: { watch_lag_p99_s: 42 } });
      // An interrupted run must not pull the median.
      writePoint(input, { stack: `${storage}-10`, storage, profile: "create-list", concurrency: 1000, run: 4, partial: true, values: { write_throughput_ops: 1 } });
    }
    fs.writeFileSync(path.join(input, "sweep.log.jsonl"), '{"step":"up"}\n');
    out = tmp("layout-out");
    result = await buildReport({ input, outDir: out, reference: true });
  });

  it("reads replicas from stack.json, counts the rows as this tool's and leaves interrupted runs out", () => {
    expect(cellAt(table(result, "ha"), ["etcd"], "Lag p99 (s)")?.value).toBe(42);
    expect(result.summary.perfRows).toEqual({ hcpbench: backends.length * concurrencies.length * 3 * 2 + backends.length, original: 0 });
    expect(result.summary.partialRuns).toBe(backends.length);
    expect(fs.readFileSync(path.join(out, "report.md"), "utf8")).toContain(`${backends.length} interrupted runs (result.json "partial") are left out`);
  });

  it("gives ratios against the published numbers where measured values differ", () => {
    const c = cellAt(table(result, "create-list"), ["etcd"], "Write ops/s");
    expect(c?.value).toBeCloseTo(1000 * 3, 6); // median of 1.1/0.8/1.0 x 1000 x log10(1000)
    expect(c?.reference).toBe(2920);
    expect(c?.ratio).toBeCloseTo(3000 / 2920, 6);
  });

  it("gives hand-computed ratios on other tables and backends", () => {
    const cell = (t: string, storage: string, column: string) => cellAt(table(result, t), [storage], column);
    // kine-postgres (bi 1), c1000 runs 1-3: jitter (run + 1) % 3 -> 1.0, 1.1, 0.8; median 1.0.
    // Write ops/s = (1000 + 400) x log10(1000) x 1.0 = 4,200; published 644; 4,200 / 644 = 6.5217391.
    expect(cell("create-list", "kine-postgres", "Write ops/s")?.ratio).toBeCloseTo(6.5217391, 6);
    // etcd (bi 0) write p99 = 0.1 s in every run; published 0.673; 0.1 / 0.673 = 0.1485884.
    expect(cell("create-list", "etcd", "Write p99 (s)")?.ratio).toBeCloseTo(0.1485884, 6);
    // etcd watch-churn c1000: lag p99 = (1000 / 1000) x 1 x median(1.1, 0.8, 1.0) = 1.0 s; published 7.5; ratio 0.1333333.
    expect(cell("watch-churn", "etcd", "Lag p99 (s)")?.ratio).toBeCloseTo(0.1333333, 6);
    // Event rate = 20,000 / 1 + 1000 x 1.0 = 21,000; published 52,200; ratio 0.4022989.
    expect(cell("watch-churn", "etcd", "Event rate (/s)")?.ratio).toBeCloseTo(0.4022989, 6);
    // kine-mysql (bi 2): jitter (run + 2) % 3 -> 1.1 (run 1), 0.8, 1.0; lag = 3 x 1.0 = 3.0 s; published 4.2; ratio 0.7142857.
    expect(cell("watch-churn", "kine-mysql", "Lag p99 (s)")?.ratio).toBeCloseTo(0.7142857, 6);
  });

  it("renders each chart as SVG with one line per backend and as a real PNG", () => {
    expect(result.charts.map((c) => c.id)).toEqual(["write-throughput", "watch-lag-p99", "watch-event-rate"]);
    for (const chart of result.charts) {
      const svg = fs.readFileSync(path.join(out, "charts", `${chart.id}.svg`), "utf8");
      // vega draws each series of a line mark as one path, in its own colour.
      const lines = [...svg.matchAll(/<path [^>]*aria-roledescription="line mark"[^>]*stroke="(#[0-9a-f]{6})"/g)];
      expect(lines.length, chart.id).toBe(backends.length);
      expect(new Set(lines.map((m) => m[1])).size).toBe(backends.length);
      for (const b of backends) expect(svg).toContain(`>${b}</text>`);

      const png = fs.readFileSync(path.join(out, "charts", `${chart.id}.png`));
      expect(png.subarray(0, 8).equals(pngSignature)).toBe(true);
      expect(png.length).toBeGreaterThan(10_000);
      const img = decodePng(png);
      // 640x320 plot area at 2x, plus axes, title and legend.
      expect(img.width).toBeGreaterThan(1280);
      expect(img.width).toBeLessThan(2000);
      expect(img.height).toBeGreaterThan(640);
      expect(img.height).toBeLessThan(1000);
      expect(distinctColours(img)).toBeGreaterThan(20);
    }
    const html = fs.readFileSync(path.join(out, "report.html"), "utf8");
    expect(html.match(/<svg /g)?.length).toBe(3);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

describe("hcpbench report: bad input exits 2 with one line per problem", () => {
  it("names a CSV with an unknown header and the expected headers", () => {
    const dir = tmp("bad-header");
    fs.writeFileSync(path.join(dir, "numbers.csv"), "name,value\na,1\n");
    const r = runCli(["report", dir, "--out", tmp("o")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${dir}/numbers.csv: unknown CSV header "name,value"`);
    expect(r.stderr).toContain("timestamp,storage_name,profile,concurrency,ops,run_id");
    expect(r.stderr).toContain("timestamp,storage_name,cluster_count,parallelism,run_id");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a folder with no results", () => {
    const dir = tmp("empty");
    fs.writeFileSync(path.join(dir, "notes.md"), "# nothing\n");
    const r = runCli(["report", dir, "--out", tmp("o")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no results found");
  });

  it("refuses a folder that does not exist", () => {
    const r = runCli(["report", "/nonexistent/results", "--out", tmp("o")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("/nonexistent/results: no such folder");
  });

  it("refuses a malformed s3:// prefix", () => {
    const r = runCli(["report", "s3://Bad_Bucket/x", "--out", tmp("o")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"Bad_Bucket" is not a valid bucket name');
  });

  it("refuses an s3:// prefix it cannot read", () => {
    const r = runCli(["report", "s3://hcpbench-results/s1/", "--out", tmp("o")], {
      AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_MAX_ATTEMPTS: "1",
      AWS_EC2_METADATA_DISABLED: "true",
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("s3://hcpbench-results/s1/: cannot be read");
  });

  it("reads an s3:// prefix (through a real S3 server, s3rver) like a folder", async () => {
    const s3 = await startLocalS3("hcpbench-results");
    try {
      // The fixture's files, uploaded as objects under the prefix.
      const files = tmp("fixture");
      writePublishedFixture(files);
      for (const name of fs.readdirSync(files)) {
        await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `results/s1/original/${name}`, Body: fs.readFileSync(path.join(files, name)) }));
      }
      const o = tmp("o");
      const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(repoRoot, "bin", "hcpbench.js"), "report", "s3://hcpbench-results/results/s1", "--out", o], {
          env: { ...process.env, AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey, AWS_REGION: s3.region, AWS_EC2_METADATA_DISABLED: "true" },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d));
        child.stderr.on("data", (d: Buffer) => (stderr += d));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/report: \d+ perf rows, \d+ scale rows/);
      expect(fs.readFileSync(path.join(o, "report.md"), "utf8")).toContain("Input: `s3://hcpbench-results/results/s1`");
      expect(fs.readFileSync(path.join(o, "report.md"), "utf8")).toContain("| etcd | 10 | 28.6 |");
    } finally {
      await s3.stop();
    }
  });

  it("writes the report and exits 0 on good input", () => {
    const dir = tmp("good");
    writePublishedFixture(dir);
    const o = tmp("o");
    const r = runCli(["report", dir, "--out", o]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(o, "report.html"))).toBe(true);
  });
});

describe("points where the load generator was saturated", () => {
  let input: string;
  beforeAll(() => {
    input = tmp("invalid");
    for (const [run, ops] of [[1, 100], [2, 200], [3, 300]] as const) writePoint(input, { stack: "etcd-10", storage: "etcd", profile: "create-list", concurrency: 1000, run, values: { write_throughput_ops: ops } });
    writePoint(input, { stack: "etcd-10", storage: "etcd", profile: "create-list", concurrency: 1000, run: 4, invalid: "event-loop delay p99 250 ms > 100 ms", values: { write_throughput_ops: 5000 } });
  });

  it("are left out of the medians and listed greyed with their reason", async () => {
    const out = tmp("invalid-out");
    const r = await buildReport({ input, outDir: out, reference: false, charts: false });
    // Median of 100, 200, 300: the invalid 5,000 does not move it.
    expect(cellAt(table(r, "create-list"), ["etcd"], "Write ops/s")?.value).toBe(200);
    const md = fs.readFileSync(path.join(out, "report.md"), "utf8");
    expect(md).toContain("## Invalid points");
    expect(md).toMatch(/<span style="color:#999">.*run-4\/perf\.csv: invalid: event-loop delay p99 250 ms > 100 ms<\/span>/);
    expect(md).toContain("left out of the medians (--include-invalid puts them back)");
    expect(fs.readFileSync(path.join(out, "report.html"), "utf8")).toContain("invalid: event-loop delay p99 250 ms &gt; 100 ms");
  });

  it("--include-invalid puts them back", async () => {
    const r = await buildReport({ input, outDir: tmp("invalid-in"), reference: false, charts: false, includeInvalid: true });
    // Median of 100, 200, 300, 5000: the mean of the two middle values.
    expect(cellAt(table(r, "create-list"), ["etcd"], "Write ops/s")?.value).toBe(250);
  });
});
