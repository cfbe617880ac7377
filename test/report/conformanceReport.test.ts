import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport, type ReportResult } from "../../scripts/report/buildReport";
import { writePoint } from "./projectLayoutFixture";

/*
 * The report against real suite output: test/fixtures/conformance holds what
 * `hcpbench lab conformance etcd kine-sqlite` wrote (see test/fixtures/SOURCES);
 * the JUnit XML and e2e.log are stored gzipped and unpacked here, unchanged.
 */
const fixtures = path.resolve(__dirname, "..", "fixtures", "conformance");

function copyUnpacked(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    if (e.isDirectory()) copyUnpacked(src, path.join(to, e.name));
    else if (e.name.endsWith(".gz")) fs.writeFileSync(path.join(to, e.name.slice(0, -3)), zlib.gunzipSync(fs.readFileSync(src)));
    else fs.copyFileSync(src, path.join(to, e.name));
  }
}

/** Second method: Ginkgo's own closing line in e2e.log, "FAIL! -- 54 Passed | 4 Failed | 0 Pending | 6683 Skipped". */
function ginkgoSummary(dir: string): { passed: number; failed: number } {
  const log = fs.readFileSync(path.join(dir, "e2e.log"), "utf8");
  const m = /(\d+) Passed \| (\d+) Failed \| \d+ Pending \| \d+ Skipped/.exec(log);
  if (!m) throw new Error("no Ginkgo summary line in e2e.log");
  return { passed: Number(m[1]), failed: Number(m[2]) };
}

let input: string;
let out: string;
let result: ReportResult;
const run = (backend: string) => path.join(input, `lab-${backend}-1`, "conformance", "hcp-001");

beforeAll(async () => {
  input = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-conformance-report-"));
  copyUnpacked(fixtures, input);
  // Numbers for the same two backends, so the tables of numbers have rows to mark.
  for (const [i, storage] of ["etcd", "kine-sqlite"].entries()) {
    writePoint(input, { stack: `${storage}-10`, storage, profile: "watch-churn", concurrency: 1000, run: 1, values: { watch_lag_p99_s: 0.5 * (i + 1), watch_event_rate: 1000 } });
  }
  out = path.join(input, "report");
  result = await buildReport({ input, outDir: out, reference: false, charts: false });
}, 120_000);
afterAll(() => fs.rmSync(input, { recursive: true, force: true }));

describe("the report's conformance tables (real JUnit XML from the lab)", () => {
  it("has one table per backend whose counts match Ginkgo's own summary line", () => {
    for (const backend of ["etcd", "kine-sqlite"]) {
      const t = result.tables.find((x) => x.id === `conformance-${backend}`);
      expect(t, backend).toBeDefined();
      const row = t!.rows[0]!;
      const col = (name: string) => row[t!.columns.indexOf(name)]!;
      const ginkgo = ginkgoSummary(run(backend));
      expect(col("Passed").value).toBe(ginkgo.passed);
      expect(col("Failed").value).toBe(ginkgo.failed);
      expect(ginkgo).toEqual({ passed: 54, failed: 4 });
      // Skipped: selected by the focus but left out by --skip or the skip list (the webhook tests among them).
      expect(col("Skipped").value).toBeGreaterThan(20);
    }
  });

  it("lists each failing test under its backend, linked to the JUnit XML", () => {
    const t = result.tables.find((x) => x.id === "conformance-etcd")!;
    const failures = t.rows.slice(1).map((r) => r[0]!.text.trim());
    expect(failures).toHaveLength(4);
    expect(failures.filter((f) => f.startsWith("FAIL [sig-api-machinery] Garbage collector"))).toHaveLength(3);
    const md = fs.readFileSync(path.join(out, "report.md"), "utf8");
    // The link resolves from the report's folder to the file the suite wrote.
    const link = /\[junit\.xml\]\(([^)]+)\)/.exec(md)![1]!;
    expect(fs.existsSync(path.resolve(out, decodeURI(link)))).toBe(true);
    expect(fs.readFileSync(path.resolve(out, decodeURI(link)), "utf8")).toContain('<testsuite name="Kubernetes e2e suite"');
    expect(fs.readFileSync(path.join(out, "report.html"), "utf8")).toMatch(/<a href="[^"]*lab-etcd-1\/conformance\/hcp-001\/junit\.xml">junit\.xml<\/a>/);
  });

  it("marks each backend in the tables of numbers with its conformance result", () => {
    const watch = result.tables.find((t) => t.id === "watch-churn")!;
    const labels = watch.rows.map((r) => r[0]!.text);
    expect(labels).toEqual(["etcd (conformance: 4 failed)", "kine-sqlite (conformance: 4 failed)"]);
  });

  it("reads a run whose JUnit XML is missing as partial, never as passed", async () => {
    const lone = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-conformance-nojunit-"));
    copyUnpacked(path.join(fixtures, "lab-etcd-1"), path.join(lone, "lab-etcd-1"));
    fs.rmSync(path.join(lone, "lab-etcd-1", "conformance", "hcp-001", "junit.xml"));
    const r = await buildReport({ input: lone, outDir: path.join(lone, "report"), reference: false, charts: false });
    const row = r.tables.find((x) => x.id === "conformance-etcd")!.rows[0]!;
    expect(row[2]!.text).toMatch(/^partial: no JUnit XML/);
    expect(row[3]!.value).toBe(0);
    fs.rmSync(lone, { recursive: true, force: true });
  });
});
