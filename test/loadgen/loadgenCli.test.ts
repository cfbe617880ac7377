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
