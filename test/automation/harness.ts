import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startFakeCloud, type FakeCloud } from "../fakePulumi/fakeCloud";

export const repoRoot = path.resolve(__dirname, "..", "..");
export const fakePulumiRoot = path.join(repoRoot, "test", "fakePulumi");

/** Lets an AWS stack pass the preflight; the fake never reaches AWS. */
export const apiAccess = "aws.apiAccessCidrs=[198.51.100.7/32]";
/** A small matrix: create-list at 50 and 200 clients, 2 runs = 4 points. */
export const smallMatrix = ["bench.profiles=[create-list]", "bench.concurrency=[50,200]", "bench.runs=2", "fleet.count=2"];
export const setFlags = (sets: readonly string[]) => sets.flatMap((s) => ["--set", s]);

export interface LoggedCommand {
  readonly time: string;
  readonly pid: number;
  readonly args: string[];
  readonly cwd: string;
  readonly env: { PULUMI_BACKEND_URL?: string; PULUMI_CONFIG_PASSPHRASE?: string; PULUMI_CONFIG_PASSPHRASE_FILE?: string };
  readonly event: string;
  readonly step?: string;
  readonly stack?: string;
  readonly configFile?: string;
  readonly signal?: string;
  readonly written?: string[];
  readonly skipped?: string[];
  readonly runToken?: string;
  readonly sweepId?: string;
}

/**
 * One isolated world per test: a copy of the project's Pulumi.yaml and
 * stacks/ (the fake CLI writes into stack files like the real one), an
 * hcpbench home, the fake CLI's log, and a fake cloud (S3 + API servers).
 */
export class Harness {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-auto-"));
  readonly project = path.join(this.dir, "project");
  readonly home = path.join(this.dir, "home");
  readonly log = path.join(this.dir, "pulumi.log.jsonl");
  readonly out = path.join(this.dir, "results");
  cloud!: FakeCloud;

  async start(): Promise<this> {
    fs.mkdirSync(path.join(this.project, "stacks"), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(this.project, "Pulumi.yaml"));
    for (const f of fs.readdirSync(path.join(repoRoot, "stacks"))) fs.copyFileSync(path.join(repoRoot, "stacks", f), path.join(this.project, "stacks", f));
    this.cloud = await startFakeCloud(path.join(this.dir, "buckets"));
    return this;
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith("PULUMI_") || k.startsWith("FAKE_") || k.startsWith("AWS_")) delete env[k];
    return {
      ...env,
      HCPBENCH_PROJECT_ROOT: this.project,
      HCPBENCH_HOME: this.home,
      HCPBENCH_PULUMI_ROOT: fakePulumiRoot,
      FAKE_PULUMI_LOG: this.log,
      FAKE_BUCKET_DIR: this.cloud.bucketDir,
      FAKE_KUBE_SERVER: this.cloud.url,
      AWS_ENDPOINT_URL_S3: this.cloud.url,
      AWS_ENDPOINT_URL_EC2: this.cloud.url,
      AWS_ENDPOINT_URL_SERVICE_QUOTAS: this.cloud.url,
      HCPBENCH_CHECKIP_URL: `${this.cloud.url}/checkip`,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_EC2_METADATA_DISABLED: "true",
      // run and sweep read the fake bench Job five times a second, not every 15 s.
      HCPBENCH_FOLLOW_POLL_SECONDS: "0.2",
      ...extra,
    };
  }

  spawn(args: readonly string[], extra: Record<string, string> = {}): ChildProcess & { result: Promise<{ code: number | null; stdout: string; stderr: string }> } {
    const child = spawn(process.execPath, [path.join(repoRoot, "bin", "hcpbench.js"), ...args], { cwd: this.dir, env: this.env(extra), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const result = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
    return Object.assign(child, { result });
  }

  run(args: readonly string[], extra: Record<string, string> = {}) {
    return this.spawn(args, extra).result;
  }

  commands(): LoggedCommand[] {
    if (!fs.existsSync(this.log)) return [];
    return fs.readFileSync(this.log, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as LoggedCommand);
  }

  /** The operations that change a stack, in the order they started: "preview", "up-fleet", "up-bench", "destroy". */
  operations(stack: string): string[] {
    return this.commands()
      .filter((c) => c.stack === stack && ((c.event === "start" && (c.step === "preview" || c.step === "destroy")) || c.event === "begin"))
      .map((c) => c.step!);
  }

  /** Events the fake recorded for one step of one stack ("begin", "done", "failed", "cancelled", "bench", ...). */
  events(stack: string, step: string): LoggedCommand[] {
    return this.commands().filter((c) => c.stack === stack && c.step === step);
  }

  sweepLog(sweepId: string): { time: string; stack?: string; step: string; event: string; seconds?: number; error?: string; detail?: Record<string, unknown> }[] {
    const file = path.join(this.out, sweepId, "sweep.log.jsonl");
    return fs.readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  }

  async waitFor(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** How many times the fake API server was asked for one stack's bench Job by name. */
  jobReads(stack: string, name: string): number {
    return this.cloud.requests.filter((r) => r.startsWith(`GET /k8s/${stack}/`) && r.endsWith(`/jobs/${name}`)).length;
  }

  async stop(): Promise<void> {
    await this.cloud?.close();
  }
}
