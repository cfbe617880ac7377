import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { perfColumns } from "../../workloads/loadgen/resultFiles";
import { validateResult } from "../../workloads/loadgen/resultSchema";
import { K8sApiServer } from "../k8sApiServer/k8sApiServer";
import { MemoryKvStore } from "../k8sApiServer/memoryKvStore";

const repo = path.resolve(__dirname, "../..");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function hcpbench(args: string[], opts: { interruptWhen?: RegExp } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repo, "bin/hcpbench.js"), "loadgen", ...args], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let interrupted = false;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      if (opts.interruptWhen && !interrupted && opts.interruptWhen.test(stderr)) {
        interrupted = true;
        setTimeout(() => child.kill("SIGINT"), 300);
      }
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("hcpbench loadgen", () => {
  let api: K8sApiServer;
  let dir: string;
  let kubeconfig: string;
  beforeAll(async () => {
    api = await K8sApiServer.start({ store: new MemoryKvStore(), token: "cli" });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-loadgen-"));
    kubeconfig = path.join(dir, "kubeconfig");
    fs.writeFileSync(kubeconfig, api.kubeconfig());
  });
  afterAll(async () => {
    await api.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes result.json and perf.csv per run", async () => {
    const out = path.join(dir, "light");
    const run = await hcpbench(["--target", kubeconfig, "--profile", "light", "--ops", "60", "--concurrency", "6", "--runs", "2", "--storage-name", "kine-sqlite", "--out", out, "--quiet"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/light run 1: closed-loop, 60 ops, concurrency 6/);
    for (const n of [1, 2]) {
      const result = JSON.parse(fs.readFileSync(path.join(out, `run-${n}`, "result.json"), "utf8"));
      expect(validateResult(result).errors).toEqual([]);
      expect(result).toMatchObject({ runId: String(n), storageName: "kine-sqlite", partial: false });
      const [header, row] = fs.readFileSync(path.join(out, `run-${n}`, "perf.csv"), "utf8").trimEnd().split("\n");
      expect(header).toBe(perfColumns.join(","));
      expect(row.split(",")[perfColumns.indexOf("write_successes")]).toBe("60");
    }
  });

  it.each([
    [["--target", "/no/such/kubeconfig", "--profile", "light"], /^hcpbench: --target: kubeconfig \/no\/such\/kubeconfig does not exist/],
    [["--target", "KUBECONFIG", "--profile", "light", "--ops", "0"], /^hcpbench: --ops: must be a whole number 1 or more \(got "0"\)$/],
    [["--target", "KUBECONFIG", "--profile", "soak"], /^hcpbench: --profile: must be one of create-list, watch-churn, light, mixed-hot, mixed-uniform \(got "soak"\)$/],
    [["--target", "etcd=127.0.0.1:9", "--profile", "light"], /^hcpbench: --target: cannot reach etcd at 127\.0\.0\.1:9 \(/],
    [["--target", "etcd=localhost", "--profile", "light"], /^hcpbench: --target: etcd endpoint must be host:port of etcd's gRPC listener/],
    [["--target", "BADKUBECONFIG", "--profile", "light"], /^hcpbench: --target: kubeconfig is not valid YAML/],
    [["--target", "WRONGTOKEN", "--profile", "light"], /^hcpbench: --target: http:\/\/127\.0\.0\.1:\d+ rejected the kubeconfig's credentials \(401\)$/],
    [["--target", "KUBECONFIG", "--target", "KUBECONFIG", "--profile", "mixed-hot", "--rate", "10", "--cold-rate", "50"], /^hcpbench: --cold-rate: tenant rate out of range: must be above 0 and at most the hot rate 10 ops\/s \(got 50\)$/],
    [["--target", "KUBECONFIG", "--profile", "light", "--slo", "write.p99<1s"], /^hcpbench: --slo: cannot read "write.p99<1s": "write.p99<1s" is not <metric><=<limit>; allowed: clauses <metric><=<limit>, comma-separated: write\|read\|lag\.p50\|p90\|p95\|p99\|p999\|max with a limit in s or ms, or errors with a limit in %/],
    [["--target", "KUBECONFIG", "--profile", "light", "--slo", "errors<=2s"], /^hcpbench: --slo: cannot read "errors<=2s": errors takes a limit in % \(got "2s"\); allowed: /],
    [["--target", "KUBECONFIG", "--profile", "mixed-uniform", "--find-capacity"], /^hcpbench: --find-capacity: needs a fleet target: at least 2 HCP targets on one datastore \(repeat --target or comma-separate; got 1\)$/],
    [["--target", "KUBECONFIG", "--target", "KUBECONFIG", "--profile", "mixed-hot", "--find-capacity"], /^hcpbench: --find-capacity: loads the first k HCPs with mixed-uniform; use --profile mixed-uniform \(got mixed-hot\)$/],
    [["--target", "KUBECONFIG", "--target", "KUBECONFIG", "--profile", "mixed-uniform", "--find-capacity", "--rate", "20000"], /^hcpbench: --rate: tenant rate out of range for --find-capacity: above 0 and at most 10000 ops\/s per tenant \(got 20000\)$/],
    [["--target", "KUBECONFIG", "--target", "KUBECONFIG", "--profile", "mixed-uniform", "--find-capacity", "--ops", "99"], /^hcpbench: --ops: tenant operation count out of range for --find-capacity: at least 100 per tenant/],
  ])("bad input %j: exit 2, one line, no stack trace", async (args, message) => {
    const bad = path.join(dir, "bad.yaml");
    fs.writeFileSync(bad, "clusters: [\n");
    const wrong = path.join(dir, "wrong-token");
    fs.writeFileSync(wrong, api.kubeconfig({ token: "nope" }));
    const resolved = args.map((a) => (a === "KUBECONFIG" ? kubeconfig : a === "BADKUBECONFIG" ? bad : a === "WRONGTOKEN" ? wrong : a));
    const run = await hcpbench([...resolved, "--out", path.join(dir, "never")]);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
    expect(fs.existsSync(path.join(dir, "never"))).toBe(false);
  });

  it("--find-capacity on a fleet of two: every step judged, the search and its outcome line in result.json", async () => {
    const second = await K8sApiServer.start({ store: new MemoryKvStore(), token: "cli" });
    try {
      const other = path.join(dir, "kubeconfig-2");
      fs.writeFileSync(other, second.kubeconfig());
      const out = path.join(dir, "capacity");
      // A limit no in-memory API server can miss (1 h), so both counts meet it and the search ends at the fleet size.
      const run = await hcpbench(["--target", kubeconfig, "--target", other, "--profile", "mixed-uniform", "--find-capacity", "--rate", "200", "--ops", "100", "--warmup", "5", "--slo", "write.p99<=3600s", "--storage-name", "memory", "--out", out, "--quiet"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^this memory on \d+ cores \(.*\), [\d.]+ GiB memory holds at least 2 HCPs \(every target given met the SLO\) at 200 ops\/s each \(SLO lag\.p99<=5s,errors<=0\.1%,write\.p99<=3600s\)$/m);
      const result = JSON.parse(fs.readFileSync(path.join(out, "result.json"), "utf8"));
      expect(validateResult(result).errors).toEqual([]);
      expect(result.capacitySearch).toMatchObject({ tenants: 2, atLeast: true, maxTenants: 2, ratePerTenant: 200 });
      // Doubling from 1 on a fleet of 2: 1 then 2; the second step is the result at capacity.
      expect(result.capacitySearch.steps.map((s: { tenants: number; offeredRate: number }) => [s.tenants, s.offeredRate])).toEqual([[1, 200], [2, 400]]);
      expect(result.perTarget.map((t: { watch: { events: number; expectedEvents: number } }) => [t.watch.events, t.watch.expectedEvents])).toEqual([[50, 50], [50, 50]]);
      for (const k of [1, 2]) expect(validateResult(JSON.parse(fs.readFileSync(path.join(out, "steps", `tenants-${k}`, "result.json"), "utf8"))).errors).toEqual([]);
    } finally {
      await second.stop();
    }
  });

  it("SIGINT midway still leaves a valid result.json marked partial, with unsent operations as not attempted", async () => {
    const out = path.join(dir, "interrupted");
    const run = await hcpbench(["--target", kubeconfig, "--profile", "watch-churn", "--ops", "200000", "--concurrency", "8", "--watchers", "2", "--warmup", "0", "--out", out], { interruptWhen: /churning/ });
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/SIGINT: stopping/);
    const result = JSON.parse(fs.readFileSync(path.join(out, "result.json"), "utf8"));
    expect(validateResult(result).errors).toEqual([]);
    expect(result).toMatchObject({ partial: true, partialReason: "interrupted" });
    const create = result.steps.create;
    expect(create.successes).toBeGreaterThan(0);
    expect(create.notAttempted).toBeGreaterThan(0);
    expect(create.successes + create.errors + create.notAttempted + create.skipped).toBe(200000);
    const row = fs.readFileSync(path.join(out, "perf.csv"), "utf8").trimEnd().split("\n")[1].split(",");
    expect(Number(row[perfColumns.indexOf("not_attempted")])).toBeGreaterThan(0);
  });
});
