import type { JunitCase, JunitSuite } from "./junitResults";
import type { SkipList } from "../../workloads/conformance/suiteSkips";

/** conformance.json: one run of the e2e suite against one control plane. */
export const conformanceSchemaVersion = 1;

export interface ConformanceTest {
  readonly name: string;
  readonly status: JunitCase["status"];
  /** Ginkgo's state when it is not plain passed/skipped (timedout, panicked, interrupted...). */
  readonly state?: string;
  readonly seconds: number;
  readonly message?: string;
  /** For a skipped test: the skip-list entry that skipped it, "skip" (the --skip expression) or "suite" (skipped at run time). */
  readonly skippedBy?: string;
}

export interface ConformanceResult {
  readonly schemaVersion: typeof conformanceSchemaVersion;
  readonly suite: "kubernetes-e2e";
  readonly suiteVersion: string;
  /** The HCP, its backend, as the row names it. */
  readonly storageName: string;
  readonly target: string;
  readonly focus: string;
  /** The --skip expression alone, and what e2e.test was given (it plus each skip-list pattern). */
  readonly skip: string;
  readonly effectiveSkip: string;
  readonly skipList: { readonly file: string; readonly suite: string; readonly entries: readonly { name: string; pattern: string; reason: string }[] };
  readonly startedAt: string;
  readonly seconds: number;
  /** The suite did not finish (it crashed, was interrupted or timed out): the counts cover what ran. */
  readonly partial: boolean;
  readonly partialReason?: string;
  readonly exitCode: number | null;
  readonly junit: string | null;
  readonly counts: { readonly passed: number; readonly failed: number; readonly skipped: number; readonly notSelected: number };
  /** Suite setup that failed ([SynchronizedBeforeSuite]...): every test was then skipped. */
  readonly setupFailures: readonly { name: string; message?: string }[];
  readonly tests: readonly ConformanceTest[];
}

/** What the runner knows of a run besides the JUnit XML. */
export interface RunFacts extends Pick<ConformanceResult, "suiteVersion" | "storageName" | "target" | "focus" | "skip" | "effectiveSkip" | "startedAt" | "seconds" | "exitCode" | "junit"> {
  readonly skipList: SkipList | undefined;
  readonly signal: string | null;
}

/** Ginkgo's SpecialSuiteFailureReason values that mean the suite stopped early. */
const stoppedEarly = /interrupt|timeout|abort/i;

/**
 * Tests are the specs the focus selects (Ginkgo's JUnit also lists the
 * thousands it filtered out; those are counted as notSelected). A selected
 * spec that was skipped is attributed to the skip-list entry whose pattern
 * matches it, else to --skip, else to the suite itself (e2eskipper).
 */
export function conformanceResult(facts: RunFacts, suite: JunitSuite | undefined): ConformanceResult {
  const focus = new RegExp(facts.focus.replace(/^\(\?[imsU]+\)/, ""));
  const entries = facts.skipList?.entries ?? [];
  const userSkip = facts.skip ? new RegExp(facts.skip) : undefined;
  const tests: ConformanceTest[] = [];
  let notSelected = 0;
  for (const c of suite?.cases ?? []) {
    if (!focus.test(c.name)) {
      notSelected++;
      continue;
    }
    const skippedBy =
      c.status !== "skipped"
        ? undefined
        : (entries.find((e) => new RegExp(e.pattern).test(c.name))?.name ?? (userSkip?.test(c.name) ? "skip" : suite?.failedSetup.length ? "setup" : "suite"));
    tests.push({
      name: c.name,
      status: c.status,
      ...(c.state !== c.status ? { state: c.state } : {}),
      seconds: c.seconds,
      ...(c.message && c.message !== "skipped" ? { message: c.message } : {}),
      ...(skippedBy ? { skippedBy } : {}),
    });
  }
  tests.sort((a, b) => a.name.localeCompare(b.name));
  const reason = suite?.properties.SpecialSuiteFailureReason ?? "";
  const partialReason = !suite
    ? `no JUnit XML: e2e.test ended ${facts.signal ? `by ${facts.signal}` : `with exit code ${facts.exitCode}`} before writing it`
    : facts.signal
      ? `e2e.test ended by ${facts.signal}`
      : stoppedEarly.test(reason)
        ? reason
        : tests.some((t) => t.state === "interrupted" || t.state === "aborted")
          ? "a test was interrupted"
          : undefined;
  const count = (s: ConformanceTest["status"]) => tests.filter((t) => t.status === s).length;
  return {
    schemaVersion: conformanceSchemaVersion,
    suite: "kubernetes-e2e",
    suiteVersion: facts.suiteVersion,
    storageName: facts.storageName,
    target: facts.target,
    focus: facts.focus,
    skip: facts.skip,
    effectiveSkip: facts.effectiveSkip,
    skipList: { file: facts.skipList?.file ?? "", suite: facts.skipList?.suite ?? "", entries: entries.map((e) => ({ name: e.name, pattern: e.pattern, reason: e.reason })) },
    startedAt: facts.startedAt,
    seconds: facts.seconds,
    partial: partialReason !== undefined,
    ...(partialReason ? { partialReason } : {}),
    exitCode: facts.exitCode,
    junit: facts.junit,
    counts: { passed: count("passed"), failed: count("failed"), skipped: count("skipped"), notSelected },
    setupFailures: (suite?.failedSetup ?? []).map((s) => ({ name: s.name, ...(s.message ? { message: s.message } : {}) })),
    tests,
  };
}

export const conformanceCsvHeader = ["storage_name", "suite", "suite_version", "focus", "skip", "passed", "failed", "skipped", "partial", "duration_s", "started_at"] as const;

function csvCell(v: string | number | boolean): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** conformance.csv: the header and one summary row, as perf.csv has one row per run. */
export function conformanceCsv(r: ConformanceResult): string {
  const row = [r.storageName, r.suite, r.suiteVersion, r.focus, r.effectiveSkip, r.counts.passed, r.counts.failed + r.setupFailures.length, r.counts.skipped, r.partial, r.seconds.toFixed(1), r.startedAt];
  return `${conformanceCsvHeader.join(",")}\n${row.map(csvCell).join(",")}\n`;
}

/** The lines printed after a run. */
export function formatConformance(r: ConformanceResult): string {
  const lines = [
    `conformance: ${r.storageName}: ${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped (of ${r.tests.length} selected by focus "${r.focus}") in ${r.seconds.toFixed(0)} s${r.partial ? `; PARTIAL: ${r.partialReason}` : ""}`,
    ...r.setupFailures.map((s) => `  SETUP FAILED ${s.name}: ${s.message ?? ""}`),
    ...r.tests.filter((t) => t.status === "failed").map((t) => `  FAIL ${t.name}${t.state ? ` (${t.state})` : ""}: ${t.message ?? ""}`),
  ];
  return `${lines.join("\n")}\n`;
}
