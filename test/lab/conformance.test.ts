import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown } from "../../scripts/lab/labDown";
import { freePortRun } from "../../scripts/lab/labPorts";
import { labUp } from "../../scripts/lab/labUp";
import type { LabState } from "../../scripts/lab/labState";
import { parseJunit } from "../../scripts/conformance/junitResults";

/*
 * The conformance pipeline end to end, with the real e2e.test v1.33.13
 * (lab install --components conformance) against a real lab HCP on kine with
 * SQLite, running kube-controller-manager and kube-scheduler beside its API
 * server (lab up --components full). A short focus: four tests that pass on a
 * bare control plane, and one webhook test the skip list must skip.
 */
const repo = path.resolve(__dirname, "..", "..");
const cli = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, ["bin/hcpbench.js", ...args], { cwd: repo, encoding: "utf8", env, timeout: 900_000 });
const shortFocus =
  "\\[sig-api-machinery\\] (server version should find the server version|Namespaces \\[Serial\\] should patch a Namespace|ResourceQuota should create a ResourceQuota and ensure its status is promptly calculated|Watchers should be able to restart watching from the last resource version observed by the previous watch|AdmissionWebhook \\[Privileged:ClusterAdmin\\] listing mutating webhooks should work)";

function expectOneLineExit2(r: ReturnType<typeof cli>, pattern: RegExp): void {
  expect(r.stderr.trim()).toMatch(pattern);
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
}

const tmp = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `hcpbench-conformance-${label}-`));

describe("hcpbench conformance: bad input exits 2 with one line", () => {
  it("a pattern Go's regexp would not compile, a missing kubeconfig, an unreachable API server", async () => {
    const out = tmp("bad");
    expectOneLineExit2(cli(["conformance", "--target", "/nonexistent", "--focus", "sig-(api", "--out", out]), /^hcpbench: --focus: "sig-\(api" is not a valid regular expression/);
    expectOneLineExit2(cli(["conformance", "--target", "/nonexistent", "--skip", "(?!Slow)", "--out", out]), /^hcpbench: --skip: "\(\?!Slow\)" uses lookaround, which Go's regexp \(RE2\) does not support$/);
    expectOneLineExit2(cli(["conformance", "--target", "/nonexistent/kubeconfig", "--out", out]), /^hcpbench: --target: cannot read kubeconfig \/nonexistent\/kubeconfig \(ENOENT\)$/);
    const closed = await freePortRun(1);
    const kc = path.join(out, "closed.kubeconfig");
    fs.writeFileSync(kc, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:${closed}"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`);
    expectOneLineExit2(cli(["conformance", "--target", kc, "--out", out]), new RegExp(`^hcpbench: --target: https://127\\.0\\.0\\.1:${closed} is unreachable \\(.*ECONNREFUSED`));
    // No suite binary anywhere: the message names it and the command that builds it.
    const cache = tmp("cache");
    expectOneLineExit2(cli(["conformance", "--target", kc, "--out", out], { ...process.env, HCPBENCH_BIN_DIR: "", XDG_CACHE_HOME: cache, PATH: path.dirname(process.execPath) }), /^hcpbench: e2e\.test v1\.33\.13: not found .*: run npx hcpbench lab install --components conformance$/);
    expect(fs.readdirSync(out)).toEqual(["closed.kubeconfig"]);
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  }, 120_000);
});

describe("hcpbench conformance against a lab HCP on kine-sqlite (--components full)", () => {
  let dir: string;
  let state: LabState;
  beforeAll(async () => {
    dir = tmp("lab");
    fs.chmodSync(dir, 0o711);
    state = await labUp({ backends: ["kine-sqlite"], hcps: 1, dir, portBase: await freePortRun(10), parallel: 1, components: "full", log: () => undefined });
  }, 300_000);
  afterAll(async () => {
    if (dir) await labDown(dir, () => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("runs kube-controller-manager and kube-scheduler beside the API server, each as its own identity", () => {
    const h = state.hcps[0]!;
    for (const [pid, name, cn] of [
      [h.pids.controllerManager, "kube-controller-manager", "system:kube-controller-manager"],
      [h.pids.scheduler, "kube-scheduler", "system:kube-scheduler"],
    ] as const) {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      expect(path.basename(argv[0]!)).toBe(`${name}-v1.33.13`);
      const kubeconfig = argv.find((a) => a.startsWith("--kubeconfig="))!.slice("--kubeconfig=".length);
      const cert = Buffer.from(/client-certificate-data: (\S+)/.exec(fs.readFileSync(kubeconfig, "utf8"))![1]!, "base64").toString();
      const subject = spawnSync("openssl", ["x509", "-noout", "-subject"], { input: cert, encoding: "utf8" }).stdout;
      expect(subject.trim()).toBe(`subject=CN = ${cn}`);
    }
  });

  it("runs the real suite, writes junit.xml as produced, conformance.json and one summary row", () => {
    const out = tmp("run");
    const r = cli(["conformance", "--target", state.hcps[0]!.kubeconfig, "--focus", shortFocus, "--out", out, "--storage-name", "kine-sqlite"]);
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    // The skip list is shown, one reason per entry.
    expect(r.stderr).toMatch(/skip admission-webhook-pod: .*: deploys its webhook server as a pod/);
    const doc = JSON.parse(fs.readFileSync(path.join(out, "conformance.json"), "utf8"));
    // Second method: Ginkgo's own closing line in e2e.log.
    const summary = /(\d+) Passed \| (\d+) Failed/.exec(fs.readFileSync(path.join(out, "e2e.log"), "utf8"))!;
    expect([Number(summary[1]), Number(summary[2])]).toEqual([4, 0]);
    expect(doc.counts).toMatchObject({ passed: 4, failed: 0, skipped: 1 });
    expect(doc).toMatchObject({ suiteVersion: "v1.33.13", focus: shortFocus, skip: "StorageVersionAPI|Slow|Flaky|Feature:OffByDefault|100 namespaces in 150 seconds", partial: false, junit: "junit.xml" });
    expect(doc.tests.find((t: { name: string }) => t.name.includes("AdmissionWebhook"))).toMatchObject({ status: "skipped", skippedBy: "admission-webhook-pod" });
    // junit.xml is Ginkgo's, with the exact focus and skip it was given.
    const junit = parseJunit(fs.readFileSync(path.join(out, "junit.xml"), "utf8"));
    expect(junit.properties.FocusStrings).toBe(shortFocus);
    expect(junit.properties.SkipStrings).toBe(doc.effectiveSkip);
    const csv = fs.readFileSync(path.join(out, "conformance.csv"), "utf8").trim().split("\n");
    expect(csv).toHaveLength(2);
    expect(csv[0]).toBe("storage_name,suite,suite_version,focus,skip,passed,failed,skipped,partial,duration_s,started_at");
    expect(csv[1]).toMatch(/^kine-sqlite,kubernetes-e2e,v1\.33\.13,/);
    expect(csv[1]).toMatch(/,4,0,1,false,\d+\.\d,\d{4}-/);
    fs.rmSync(out, { recursive: true, force: true });
  }, 900_000);

  it("an interrupted suite leaves its partial JUnit and a partial conformance.json", async () => {
    const out = tmp("interrupted");
    const child = spawn(process.execPath, ["bin/hcpbench.js", "conformance", "--target", state.hcps[0]!.kubeconfig, "--focus", "ResourceQuota should apply changes to a resourcequota status", "--out", out], { cwd: repo, stdio: "ignore" });
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    // Interrupt once the suite has started its one spec (Ginkgo prints "Will run 1 of N specs" first). That spec takes
    // only 3-4 s on the lab (the 4-spec run above takes about 12 s), so the interrupt follows at once: a 3 s pause raced
    // the spec's end and sometimes found the suite already passed (exit 0).
    const log = path.join(out, "e2e.log");
    const deadline = Date.now() + 120_000;
    while (!(fs.existsSync(log) && fs.readFileSync(log, "utf8").includes("Will run 1 of")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGINT");
    const code = await closed;
    expect(code).toBe(130);
    const doc = JSON.parse(fs.readFileSync(path.join(out, "conformance.json"), "utf8"));
    expect(doc.partial).toBe(true);
    expect(doc.partialReason).toMatch(/interrupt/i);
    expect(fs.existsSync(path.join(out, "junit.xml"))).toBe(true);
    fs.rmSync(out, { recursive: true, force: true });
  }, 300_000);
});
