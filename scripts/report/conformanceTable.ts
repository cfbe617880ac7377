import * as path from "node:path";
import { z } from "zod";
import { parseConformanceKey } from "../../infra/names/conformanceLayout";
import { conformanceResult, type ConformanceResult } from "../conformance/conformanceResult";
import { parseJunit } from "../conformance/junitResults";
import type { ResultsStore } from "../results/resultsStore";
import type { Cell, Table } from "./tables";

/**
 * The report's conformance side: every <stack>/conformance/<hcp>/ run under
 * the results, read from the JUnit XML the suite wrote (conformance.json
 * gives the focus, skip list and version to read it with), as one table per
 * backend, and a mark beside each backend in the tables of numbers.
 */
const storedSchema = z.object({
  schemaVersion: z.literal(1),
  suiteVersion: z.string(),
  storageName: z.string(),
  target: z.string(),
  focus: z.string(),
  skip: z.string(),
  effectiveSkip: z.string(),
  skipList: z.object({ file: z.string(), suite: z.string(), entries: z.array(z.object({ name: z.string(), pattern: z.string(), reason: z.string() })) }),
  startedAt: z.string(),
  seconds: z.number(),
  partial: z.boolean(),
  partialReason: z.string().optional(),
  exitCode: z.number().nullable(),
  junit: z.string().nullable(),
});

export interface ConformanceRun {
  readonly stack: string;
  readonly hcp: string;
  readonly result: ConformanceResult;
  /** Where the JUnit XML is, as the report links it (relative to the report, or s3://). */
  readonly junitLink?: string;
  /** The counts come from the JUnit XML (true) or, with no XML, from conformance.json. */
  readonly fromJunit: boolean;
}

export async function loadConformance(store: ResultsStore, linkOf: (key: string) => string): Promise<{ runs: ConformanceRun[]; problems: string[] }> {
  const keys = await store.list();
  const runs: ConformanceRun[] = [];
  const problems: string[] = [];
  for (const key of keys) {
    const at = parseConformanceKey(key);
    if (!at) continue;
    let stored: z.infer<typeof storedSchema>;
    let doc: unknown;
    try {
      doc = JSON.parse((await store.get(key)).toString("utf8"));
      stored = storedSchema.parse(doc);
    } catch (err) {
      problems.push(`${store.where}${key}: not a conformance.json this version writes (${(err as Error).message.split("\n")[0]})`);
      continue;
    }
    const junitKey = stored.junit ? `${key.slice(0, key.lastIndexOf("/") + 1)}${stored.junit}` : undefined;
    const facts = { ...stored, signal: null, skipList: stored.skipList.entries.length ? { suite: stored.skipList.suite, file: stored.skipList.file, entries: stored.skipList.entries } : undefined };
    if (junitKey && keys.includes(junitKey)) {
      const suite = parseJunit((await store.get(junitKey)).toString("utf8"), `${store.where}${junitKey}`);
      const fromXml = conformanceResult(facts, suite);
      // What the run itself knew (a signal, a crash) stays in the verdict.
      const result = stored.partial && !fromXml.partial ? { ...fromXml, partial: true, partialReason: stored.partialReason } : fromXml;
      runs.push({ stack: at.stack, hcp: at.hcp, result, junitLink: linkOf(junitKey), fromJunit: true });
    } else {
      runs.push({ stack: at.stack, hcp: at.hcp, result: conformanceResult(facts, undefined), fromJunit: false });
    }
  }
  runs.sort((a, b) => a.result.storageName.localeCompare(b.result.storageName) || a.stack.localeCompare(b.stack) || a.hcp.localeCompare(b.hcp));
  return { runs, problems };
}

/** "58/58 passed", "3 failed", "partial": the mark a backend carries in the tables of numbers. */
export function conformanceMark(runs: readonly ConformanceRun[]): string {
  const failed = runs.reduce((n, r) => n + r.result.counts.failed + r.result.setupFailures.length, 0);
  const passed = runs.reduce((n, r) => n + r.result.counts.passed, 0);
  const ran = runs.reduce((n, r) => n + r.result.counts.passed + r.result.counts.failed, 0);
  if (failed > 0) return `conformance: ${failed} failed`;
  if (runs.some((r) => r.result.partial)) return `conformance: partial, ${passed} passed`;
  return `conformance: ${passed}/${ran} passed`;
}

/** One table per backend: a row per run, then a row per failing test, linked to its JUnit XML. */
export function conformanceTables(runs: readonly ConformanceRun[]): Table[] {
  const byStorage = new Map<string, ConformanceRun[]>();
  for (const r of runs) byStorage.set(r.result.storageName, [...(byStorage.get(r.result.storageName) ?? []), r]);
  return [...byStorage.entries()].map(([storage, rs]) => {
    const rows: Cell[][] = [];
    for (const r of rs) {
      const c = r.result.counts;
      const junit: Cell = r.junitLink ? { text: "junit.xml", href: r.junitLink } : { text: "no JUnit XML" };
      rows.push([
        { text: `${r.stack}/${r.hcp}` },
        { text: r.result.suiteVersion },
        { text: r.result.partial ? `partial: ${r.result.partialReason ?? ""}` : "complete" },
        { text: String(c.passed), value: c.passed },
        { text: String(c.failed + r.result.setupFailures.length), value: c.failed + r.result.setupFailures.length },
        { text: String(c.skipped), value: c.skipped },
        junit,
      ]);
      for (const f of [...r.result.setupFailures, ...r.result.tests.filter((t) => t.status === "failed")]) {
        rows.push([{ text: `  FAIL ${f.name}` }, { text: "" }, { text: f.message ?? "" }, { text: "" }, { text: "" }, { text: "" }, r.junitLink ? { text: "junit.xml", href: r.junitLink } : { text: "" }]);
      }
    }
    const first = rs[0]!.result;
    return {
      id: `conformance-${storage}`,
      title: `Conformance: ${storage}`,
      note: `Kubernetes e2e suite ${first.suiteVersion}, focus "${first.focus}", skip "${first.skip}" plus the skip list ${path.basename(first.skipList.file)} (${first.skipList.entries.map((e) => e.name).join(", ")}). Counts from the suite's JUnit XML.`,
      columns: ["Run", "Suite", "Status", "Passed", "Failed", "Skipped", "JUnit"],
      labelColumns: 3,
      rows,
    };
  });
}

/** The tables of numbers with each backend's storage cell marked with its conformance result. */
export function markTablesWithConformance(tables: readonly Table[], runs: readonly ConformanceRun[]): Table[] {
  const marks = new Map<string, string>();
  for (const storage of new Set(runs.map((r) => r.result.storageName))) marks.set(storage, conformanceMark(runs.filter((r) => r.result.storageName === storage)));
  if (marks.size === 0) return [...tables];
  return tables.map((t) => {
    if (t.columns[0] !== "Storage") return t;
    return { ...t, rows: t.rows.map((row) => row.map((cell, i) => (i === 0 && marks.has(cell.text) ? { ...cell, text: `${cell.text} (${marks.get(cell.text)})` } : cell))) };
  });
}
