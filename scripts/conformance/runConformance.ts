import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as http from "node:http";
import * as path from "node:path";
import { InputError } from "../../infra/names/inputError";
import { loadKubeconfig, type KubeConnection } from "../../workloads/loadgen/drivers/kubernetes/kubeconfig";
import { binaryPins, requireBinary } from "../lab/labBinaries";
import { conformanceCsv, conformanceResult, type ConformanceResult } from "./conformanceResult";
import { checkGoRegex } from "./goRegex";
import { parseJunit, type JunitSuite } from "./junitResults";
import { combinedSkip, skipListFor, type SkipList } from "../../workloads/conformance/suiteSkips";

export interface ConformanceOptions {
  /** kubeconfig path of the control plane under test. */
  readonly target: string;
  readonly focus: string;
  readonly skip: string;
  readonly out: string;
  /** Names the row (the backend in the lab). */
  readonly storageName: string;
  /** Stop at the first failure, as kine's CI does; off by default so every failure is listed. */
  readonly failFast?: boolean;
  /** Ginkgo's suite timeout (a Go duration). */
  readonly timeout?: string;
  /** Leave the repository's skip list out (every selected test runs, worker-node ones fail). */
  readonly noSkipList?: boolean;
  readonly signal?: AbortSignal;
  readonly log: (line: string) => void;
}

export const junitFile = "junit.xml";
export const conformanceJsonFile = "conformance.json";
export const conformanceCsvFile = "conformance.csv";

/** GET /version with the kubeconfig's credentials: proves the API server answers before the suite starts. */
function getVersion(c: KubeConnection, timeoutMs = 10_000): Promise<number> {
  const url = new URL(`${c.server}/version`);
  const lib = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(
      url,
      {
        timeout: timeoutMs,
        ...(c.ca ? { ca: c.ca } : {}),
        ...(c.cert ? { cert: c.cert, key: c.key } : {}),
        ...(c.insecureSkipTlsVerify ? { rejectUnauthorized: false } : {}),
        ...(c.tlsServerName ? { servername: c.tlsServerName } : {}),
        headers: { ...(c.token ? { authorization: `Bearer ${c.token}` } : {}), ...(c.basicAuth ? { authorization: `Basic ${Buffer.from(c.basicAuth).toString("base64")}` } : {}) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer in ${timeoutMs / 1000} s`)));
    req.on("error", reject);
  });
}

export interface PreparedRun {
  readonly binary: string;
  readonly skipList: SkipList | undefined;
  readonly effectiveSkip: string;
  readonly kubeconfig: string;
}

/** Everything checked before the suite starts; each problem is bad input (exit 2). */
export async function prepareConformance(o: Pick<ConformanceOptions, "target" | "focus" | "skip" | "noSkipList">): Promise<PreparedRun> {
  checkGoRegex("--focus", o.focus);
  if (o.skip) checkGoRegex("--skip", o.skip);
  const binary = requireBinary("e2e.test").path;
  const kubeconfig = path.resolve(o.target);
  const conn = await loadKubeconfig(kubeconfig);
  let status: number;
  try {
    status = await getVersion(conn);
  } catch (err) {
    throw new InputError(`--target: ${conn.server} is unreachable (${(err as Error).message.split("\n")[0]})`);
  }
  if (status !== 200) throw new InputError(`--target: ${conn.server}/version answered HTTP ${status} with the kubeconfig's credentials`);
  const skipList = o.noSkipList ? undefined : skipListFor(binaryPins["e2e.test"].version);
  return { binary, skipList, effectiveSkip: combinedSkip(o.skip, skipList), kubeconfig };
}

/**
 * e2e.test's flags for a control plane without worker nodes: no wait for
 * schedulable nodes or system pods (--allowed-not-ready-nodes=-1,
 * --num-nodes=0, the skeleton provider), one JUnit report.
 */
export function e2eArgs(o: { kubeconfig: string; focus: string; effectiveSkip: string; junit: string; failFast?: boolean; timeout?: string }): string[] {
  return [
    `--kubeconfig=${o.kubeconfig}`,
    "--provider=skeleton",
    "--allowed-not-ready-nodes=-1",
    "--num-nodes=0",
    `--ginkgo.focus=${o.focus}`,
    ...(o.effectiveSkip ? [`--ginkgo.skip=${o.effectiveSkip}`] : []),
    `--ginkgo.junit-report=${o.junit}`,
    `--ginkgo.timeout=${o.timeout ?? "2h"}`,
    "--ginkgo.no-color",
    "--ginkgo.silence-skips",
    ...(o.failFast ? ["--ginkgo.fail-fast"] : []),
  ];
}

/**
 * Runs the e2e suite against one control plane and writes, in `out`:
 * junit.xml as the suite produced it, conformance.json, conformance.csv
 * (one summary row) and e2e.log. A suite that dies midway still leaves
 * whatever JUnit it wrote and a conformance.json marked partial.
 */
export async function runConformance(o: ConformanceOptions, prepared?: PreparedRun): Promise<ConformanceResult> {
  const p = prepared ?? (await prepareConformance(o));
  fs.mkdirSync(o.out, { recursive: true });
  const out = path.resolve(o.out);
  const junit = path.join(out, junitFile);
  fs.rmSync(junit, { force: true });
  if (p.skipList) {
    o.log(`skip list ${p.skipList.file} (suite ${p.skipList.suite}):`);
    for (const e of p.skipList.entries) o.log(`  skip ${e.name}: /${e.pattern}/: ${e.reason}`);
  }
  const args = e2eArgs({ kubeconfig: p.kubeconfig, focus: o.focus, effectiveSkip: p.effectiveSkip, junit, failFast: o.failFast, timeout: o.timeout });
  o.log(`${p.binary} ${args.map((a) => (/[\s|()[\]]/.test(a) ? `'${a}'` : a)).join(" ")}`);
  const logFile = path.join(out, "e2e.log");
  const started = Date.now();
  const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
    const fd = fs.openSync(logFile, "w");
    // Its own folder as working directory: the suite writes nothing outside `out`.
    const child = spawn(p.binary, args, { cwd: out, stdio: ["ignore", fd, fd] });
    fs.closeSync(fd);
    const onAbort = () => child.kill("SIGINT");
    o.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", reject);
    child.on("close", (c, s) => {
      o.signal?.removeEventListener("abort", onAbort);
      resolve({ code: c, signal: s });
    });
  });
  let suite: JunitSuite | undefined;
  if (fs.existsSync(junit)) suite = parseJunit(fs.readFileSync(junit, "utf8"), junit);
  const result = conformanceResult(
    {
      suiteVersion: binaryPins["e2e.test"].version,
      storageName: o.storageName,
      target: o.target,
      focus: o.focus,
      skip: o.skip,
      effectiveSkip: p.effectiveSkip,
      skipList: p.skipList,
      startedAt: new Date(started).toISOString(),
      seconds: (Date.now() - started) / 1000,
      exitCode: code,
      signal,
      junit: suite ? junitFile : null,
    },
    suite,
  );
  fs.writeFileSync(path.join(out, conformanceJsonFile), `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(out, conformanceCsvFile), conformanceCsv(result));
  return result;
}
