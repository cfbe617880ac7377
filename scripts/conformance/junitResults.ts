/**
 * Reads the JUnit XML that the e2e suite (Ginkgo v2's reporter) writes:
 * `<testsuites><testsuite><properties>...<testcase name="[It] ..." status="passed|failed|
 * skipped|timedout|panicked|interrupted|aborted|pending" time="s">[<failure message=".."
 * type="..">text</failure> | <skipped message=".."/>]</testcase>`. Ginkgo lists every spec
 * of the binary, the thousands its focus filtered out as well (skipped, message "skipped").
 */

export type CaseStatus = "passed" | "failed" | "skipped";

export interface JunitCase {
  /** The spec's full text, without Ginkgo's "[It] " node-type prefix. */
  readonly name: string;
  /** Ginkgo's own state: passed, failed, timedout, panicked, interrupted, aborted, skipped, pending. */
  readonly state: string;
  readonly status: CaseStatus;
  readonly seconds: number;
  /** First line of the failure, or the skip message. */
  readonly message?: string;
}

export interface JunitSuite {
  /** Ginkgo's suite properties (FocusStrings, SkipStrings, SuiteSucceeded, SpecialSuiteFailureReason...). */
  readonly properties: Readonly<Record<string, string>>;
  /** The specs ([It] nodes). */
  readonly cases: readonly JunitCase[];
  /** Suite setup nodes ([SynchronizedBeforeSuite], ...) that did not pass. */
  readonly failedSetup: readonly JunitCase[];
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function xmlText(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return entities[e] ?? whole;
  });
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) out[m[1]!] = xmlText(m[2]!);
  return out;
}

const failedStates = new Set(["failed", "timedout", "panicked", "interrupted", "aborted"]);

function statusOf(state: string): CaseStatus {
  if (state === "passed") return "passed";
  if (failedStates.has(state)) return "failed";
  return "skipped";
}

export function parseJunit(xml: string, file = "JUnit XML"): JunitSuite {
  if (!/<testsuites?[\s>]/.test(xml)) throw new Error(`${file}: not JUnit XML (no <testsuites> element)`);
  const properties: Record<string, string> = {};
  for (const m of xml.matchAll(/<property\s[^>]*>/g)) {
    const a = attrs(m[0]);
    if (a.name !== undefined) properties[a.name] = a.value ?? "";
  }
  const cases: JunitCase[] = [];
  const failedSetup: JunitCase[] = [];
  for (const m of xml.matchAll(/<testcase\s([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const a = attrs(m[1]!);
    const body = m[3] ?? "";
    const state = a.status ?? (/<failure[\s>]/.test(body) ? "failed" : /<skipped[\s>/]/.test(body) ? "skipped" : "passed");
    const child = /<(failure|error|skipped)\s([^>]*?)\/?>([^<]*)/.exec(body);
    const childAttrs = child ? attrs(child[2]!) : {};
    const detail = childAttrs.message || (child ? xmlText(child[3]!) : "");
    const firstLine = detail.split("\n").find((l) => l.trim() !== "")?.trim();
    const raw = a.name ?? "";
    const c: JunitCase = {
      name: raw.replace(/^\[It\] /, ""),
      state,
      status: statusOf(state),
      seconds: Number(a.time ?? 0) || 0,
      ...(firstLine ? { message: firstLine.slice(0, 500) } : {}),
    };
    if (raw.startsWith("[It] ")) cases.push(c);
    else if (c.status === "failed") failedSetup.push(c);
  }
  return { properties, cases, failedSetup };
}
