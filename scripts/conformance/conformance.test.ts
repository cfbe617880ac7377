import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { requireBinary } from "../lab/labBinaries";
import { conformanceResult } from "./conformanceResult";
import { checkGoRegex } from "./goRegex";
import { parseJunit, xmlText } from "./junitResults";
import { e2eArgs } from "./runConformance";
import { combinedSkip, skipListFor, upstreamSkip } from "../../workloads/conformance/suiteSkips";

const e2e = () => requireBinary("e2e.test").path;
/** Every spec name of the real suite, from the binary itself. */
const allTests = (() => {
  let cache: string[] | undefined;
  return () =>
    (cache ??= spawnSync(e2e(), ["--list-tests"], { encoding: "utf8", maxBuffer: 64 << 20 })
      .stdout.split("\n")
      .map((l) => /^\s*\S+:\d+: (.*)$/.exec(l)?.[1])
      .filter((n): n is string => n !== undefined));
})();
const fixtureDir = path.resolve(__dirname, "..", "..", "test", "fixtures", "conformance", "lab-etcd-1", "conformance", "hcp-001");

describe("the v1.33 skip list", () => {
  const list = skipListFor("v1.33.13");

  it("gives every entry a reason, and each pattern names tests that exist in the real suite", () => {
    const names = allTests();
    expect(names.length).toBeGreaterThan(5000);
    for (const e of list.entries) {
      const hits = names.filter((n) => new RegExp(e.pattern).test(n));
      expect(hits.length, `${e.name}: /${e.pattern}/ matches no test of e2e.test v1.33.13`).toBeGreaterThan(0);
      // Only sig-api-machinery tests, the focus it is for (plus [Disruptive] ones of that SIG).
      expect(hits.filter((n) => n.startsWith("[sig-api-machinery]")).length, e.name).toBeGreaterThan(0);
    }
  });

  it("appends every pattern to the user's skip expression", () => {
    const s = combinedSkip(upstreamSkip, list);
    expect(s.startsWith(`${upstreamSkip}|`)).toBe(true);
    for (const e of list.entries) expect(s).toContain(e.pattern);
    expect(combinedSkip("", list).startsWith("|")).toBe(false);
  });

  it("is found by the suite's minor and refuses a version it has no list for", () => {
    expect(skipListFor("1.33.4").suite).toBe("v1.33");
    expect(() => skipListFor("v1.34.0")).toThrow(/no skip list for the e2e suite v1\.34\.0/);
  });
});

describe("focus and skip patterns (Go RE2)", () => {
  it("accepts what RE2 compiles, including a leading (?i)", () => {
    expect(checkGoRegex("--focus", "\\[sig-api-machinery\\].*\\[Conformance\\]").test("[sig-api-machinery] x [Conformance]")).toBe(true);
    expect(checkGoRegex("--focus", "(?i)SIG-API").test("sig-api-machinery")).toBe(true);
  });

  it("rejects what RE2 does not compile: unbalanced groups, lookaround, backreferences", () => {
    expect(() => checkGoRegex("--focus", "sig-(api")).toThrow(/--focus: "sig-\(api" is not a valid regular expression/);
    expect(() => checkGoRegex("--skip", "a(?=b)")).toThrow(/lookaround/);
    expect(() => checkGoRegex("--skip", "(?<!x)y")).toThrow(/lookaround/);
    expect(() => checkGoRegex("--skip", "(a)\\1")).toThrow(/backreference/);
    // The real suite agrees: Ginkgo refuses the pattern before running anything.
    const r = spawnSync(e2e(), ["--ginkgo.focus=sig-(api", "--ginkgo.dry-run"], { encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/missing closing \)|error parsing regexp/);
  });
});

describe("e2e.test flags", () => {
  it("are all flags the real binary defines", () => {
    const help = spawnSync(e2e(), ["--help"], { encoding: "utf8" });
    // Ginkgo colours its part of the help.
    const text = `${help.stdout}${help.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
    const args = e2eArgs({ kubeconfig: "/k", focus: "f", effectiveSkip: "s", junit: "/j.xml", failFast: true });
    for (const a of args) {
      const flag = a.replace(/^--/, "").split("=")[0]!;
      expect(text, flag).toMatch(new RegExp(`(^|\\s)--?${flag.replace(/\./g, "\\.")}(\\s|$)`, "m"));
    }
    expect(args).toContain("--ginkgo.fail-fast");
    expect(e2eArgs({ kubeconfig: "/k", focus: "f", effectiveSkip: "", junit: "/j.xml" }).some((a) => a.startsWith("--ginkgo.skip"))).toBe(false);
  });
});

describe("reading Ginkgo's JUnit XML", () => {
  it("decodes XML character references as encoding/xml writes them", () => {
    expect(xmlText("a&#xA;b &lt;c&gt; &#39;d&#39; &amp;&quot;")).toBe("a\nb <c> 'd' &\"");
  });

  it("counts the real run the same way Ginkgo's summary line does", () => {
    const xml = zlib.gunzipSync(fs.readFileSync(path.join(fixtureDir, "junit.xml.gz"))).toString("utf8");
    const suite = parseJunit(xml);
    const log = zlib.gunzipSync(fs.readFileSync(path.join(fixtureDir, "e2e.log.gz"))).toString("utf8");
    const [, passed, failed, , skipped] = /(\d+) Passed \| (\d+) Failed \| (\d+) Pending \| (\d+) Skipped/.exec(log)!.map(Number);
    expect(suite.cases.filter((c) => c.status === "passed")).toHaveLength(passed!);
    expect(suite.cases.filter((c) => c.status === "failed")).toHaveLength(failed!);
    expect(suite.cases.filter((c) => c.status === "skipped")).toHaveLength(skipped!);
    expect(suite.failedSetup).toEqual([]);
    // The testsuite element's own totals, a third count.
    expect(Number(/<testsuite [^>]*failures="(\d+)"/.exec(xml)![1])).toBe(failed);
  });

  it("marks a run partial when the suite reports an interruption or left no XML", () => {
    const facts = { suiteVersion: "v1.33.13", storageName: "etcd", target: "k", focus: "x", skip: "", effectiveSkip: "", skipList: undefined, startedAt: "", seconds: 1, exitCode: 1, signal: null, junit: null };
    expect(conformanceResult(facts, undefined)).toMatchObject({ partial: true, partialReason: "no JUnit XML: e2e.test ended with exit code 1 before writing it" });
    const interrupted = parseJunit(
      '<testsuites><testsuite><properties><property name="SpecialSuiteFailureReason" value="Interrupted by User"></property></properties><testcase name="[It] x y" status="interrupted" time="1"><failure message="" type="interrupted">Interrupted by User</failure></testcase></testsuite></testsuites>',
    );
    const r = conformanceResult({ ...facts, junit: "junit.xml" }, interrupted);
    expect(r).toMatchObject({ partial: true, partialReason: "Interrupted by User", counts: { passed: 0, failed: 1, skipped: 0, notSelected: 0 } });
    expect(r.tests[0]).toMatchObject({ name: "x y", status: "failed", state: "interrupted" });
  });
});
