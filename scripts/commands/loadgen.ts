import * as path from "node:path";
import type { Command } from "commander";
import { InputError } from "../../infra/names/inputError";
import { collect, oneOf, positiveInt } from "../cliArgs";
import type { LoadgenOptions, LoadTarget } from "../../workloads/loadgen/loadgenOptions";
import { profileNames, type ProfileName } from "../../infra/names/profiles";
import { writeResultFiles } from "../../workloads/loadgen/resultFiles";
import { summarizeResult } from "../../workloads/loadgen/resultSummary";
import { runLoadgenRuns } from "../../workloads/loadgen/runLoadgen";
import { findCapacity } from "../../workloads/loadgen/slo/findCapacity";
import { defaultSloExpression } from "../../workloads/loadgen/slo/sloExpression";
import { sloLine } from "../../workloads/loadgen/slo/sloVerdict";
import { parseTargetFlag } from "../../workloads/loadgen/targetFlag";
import { commandSummaries } from "./commandIndex";

interface LoadgenFlags {
  target: string[];
  profile: ProfileName;
  ops?: number;
  concurrency?: number;
  connections?: number;
  watchers?: number;
  watchWorkers?: number;
  watchStallSeconds?: number;
  warmup?: number;
  rate?: number;
  runs: number;
  lists?: number;
  readFraction?: number;
  hotFraction?: number;
  coldRate?: number;
  payloadBytes?: number;
  context?: string;
  server?: string;
  namespace?: string;
  requestTimeout?: number;
  phaseTimeout?: number;
  qps?: number;
  burst?: number;
  storageName?: string;
  slo?: string;
  findCapacity?: boolean;
  out?: string;
  quiet?: boolean;
}

function positiveNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n <= 0) throw new InputError(`${flag}: must be a number above 0 (got "${value}")`);
    return n;
  };
}

function fraction(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) throw new InputError(`${flag}: must be a fraction from 0 to 1 (got "${value}")`);
    return n;
  };
}

/** Turns parsed flags into load generator options (targets checked here; the rest in resolveSettings). */
export function loadgenOptionsFromFlags(flags: LoadgenFlags, signal?: AbortSignal, log?: (line: string) => void): LoadgenOptions {
  if (flags.target.length === 0) throw new InputError("--target: required (a kubeconfig path, or etcd=host:port (etcd, kine or anything serving the etcd v3 gRPC API); repeat it for mixed-* profiles)");
  const targets: LoadTarget[] = flags.target.flatMap((t) => t.split(",")).map((t) => parseTargetFlag(t.trim(), { context: flags.context, server: flags.server }));
  return {
    target: targets.length === 1 ? targets[0] : targets,
    profile: flags.profile,
    ...(flags.ops !== undefined ? { ops: flags.ops } : {}),
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags.connections !== undefined ? { connections: flags.connections } : {}),
    ...(flags.watchers !== undefined ? { watchers: flags.watchers } : {}),
    ...(flags.watchWorkers !== undefined ? { watchWorkers: flags.watchWorkers } : {}),
    ...(flags.watchStallSeconds !== undefined ? { watchStallSeconds: flags.watchStallSeconds } : {}),
    ...(flags.warmup !== undefined ? { warmup: flags.warmup } : {}),
    ...(flags.rate !== undefined ? { rate: flags.rate } : {}),
    ...(flags.lists !== undefined ? { lists: flags.lists } : {}),
    ...(flags.readFraction !== undefined ? { readFraction: flags.readFraction } : {}),
    ...(flags.hotFraction !== undefined ? { hotFraction: flags.hotFraction } : {}),
    ...(flags.coldRate !== undefined ? { coldRate: flags.coldRate } : {}),
    ...(flags.payloadBytes !== undefined ? { payloadBytes: flags.payloadBytes } : {}),
    ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
    ...(flags.requestTimeout !== undefined ? { requestTimeoutMs: Math.round(flags.requestTimeout * 1000) } : {}),
    ...(flags.phaseTimeout !== undefined ? { phaseTimeoutMs: Math.round(flags.phaseTimeout * 1000) } : {}),
    ...(flags.qps !== undefined ? { qps: flags.qps } : {}),
    ...(flags.burst !== undefined ? { burst: flags.burst } : {}),
    ...(flags.slo !== undefined ? { slo: flags.slo } : {}),
    runs: flags.runs,
    ...(flags.storageName ? { labels: { storageName: flags.storageName } } : {}),
    ...(signal ? { signal } : {}),
    ...(log ? { log } : {}),
  };
}

export function registerLoadgen(program: Command): void {
  program
    .command("loadgen")
    .description(commandSummaries.loadgen.description)
    .requiredOption("--target <target>", "kubeconfig path, or etcd=host:port (etcd, kine or anything serving the etcd v3 gRPC API); repeat (or comma-separate) for mixed-hot/mixed-uniform", collect, [])
    .requiredOption("--profile <name>", `one of ${profileNames.join(", ")}`, oneOf("--profile", profileNames))
    .option("--ops <n>", "measured operations (objects for watch-churn; per HCP for mixed-*); default per profile", positiveInt("--ops"))
    .option("--concurrency <n>", "closed loop: clients; open loop: most requests in flight", positiveInt("--concurrency"))
    .option("--connections <n>", "connections per target for operations (default: the concurrency); fewer make requests queue in the client, which the result then says", positiveInt("--connections"))
    .option("--watchers <n>", "watch-churn: watches held open (default 25); mixed-*: watches on each loaded HCP (default 1)", positiveInt("--watchers"))
    .option("--watch-workers <n>", "worker threads for the watchers (default 0: main thread)", positiveInt("--watch-workers", { min: 0 }))
    .option("--watch-stall-seconds <s>", "a watcher with no event for this long while a write it has not seen succeeded is stalled (default 5)", positiveNumber("--watch-stall-seconds"))
    .option("--warmup <n>", "operations run first and discarded (default 50)", positiveInt("--warmup", { min: 0 }))
    .option("--rate <ops/s>", "open loop at this rate (per HCP for mixed-*); latency counts from the intended send time", positiveNumber("--rate"))
    .option("--runs <n>", "runs of the point, each its own result in DIR/run-<n>/", positiveInt("--runs", { max: 100 }), 1)
    .option("--lists <n>", "create-list: full paged lists in the read phase (default: one per client)", positiveInt("--lists"))
    .option("--read-fraction <f>", "mixed-*: share of reads (default 0.5)", fraction("--read-fraction"))
    .option("--hot-fraction <f>", "mixed-hot: share of HCPs under load (default 0.1)", fraction("--hot-fraction"))
    .option("--cold-rate <ops/s>", "mixed-hot: the other HCPs are quiet tenants at this rate each (at most --rate); they run alone first, and the result gives how much the hot ones inflate their p99", positiveNumber("--cold-rate"))
    .option("--payload-bytes <n>", "bytes of data per object (default 128)", positiveInt("--payload-bytes", { min: 0, max: 1_000_000 }))
    .option("--context <name>", "kubeconfig context (default: current-context)")
    .option("--server <url>", "override the kubeconfig's server URL (TLS still checks the original name)")
    .option("--namespace <ns>", "namespace for the load objects (default load-test)")
    .option("--request-timeout <s>", "per request (default 30)", positiveNumber("--request-timeout"))
    .option("--phase-timeout <s>", "per phase; operations not started by then count as not attempted (default 300)", positiveNumber("--phase-timeout"))
    .option("--qps <n>", "client-side rate limit (off unless given, with --burst)", positiveNumber("--qps"))
    .option("--burst <n>", "client-side burst (with --qps)", positiveInt("--burst"))
    .option("--storage-name <name>", "storage_name column (the backend under test)")
    .option("--slo <expr>", `SLO each point is judged by: comma-separated <metric><=<limit>, metric write|read|lag.p50|p90|p95|p99|p999|max (limit in s or ms) or errors (limit in %); a clause replaces the default on its metric (default "${defaultSloExpression}")`)
    .option("--find-capacity", "with --profile mixed-uniform and 2 or more HCP targets on one datastore: load 1, 2, 4, ... of them at --rate each, then bisect, until the SLO breaks; prints how many HCPs the datastore holds")
    .option("--out <dir>", "where result.json and perf.csv go (default ./loadgen-results/<profile>-<time>)")
    .option("--quiet", "no progress lines on stderr")
    .action(async (flags: LoadgenFlags) => {
      const stop = new AbortController();
      let signals = 0;
      const onSignal = (sig: NodeJS.Signals) => {
        signals++;
        if (signals > 1) process.exit(sig === "SIGINT" ? 130 : 143);
        process.stderr.write(`hcpbench: ${sig}: stopping; in-flight requests finish, then a partial result is written (again to quit at once)\n`);
        process.exitCode = sig === "SIGINT" ? 130 : 143;
        stop.abort();
      };
      const log = flags.quiet ? undefined : (line: string) => process.stderr.write(`loadgen: ${line}\n`);
      const opts = loadgenOptionsFromFlags(flags, stop.signal, log);
      const out = flags.out ?? path.join("loadgen-results", `${flags.profile}-${new Date().toISOString().replace(/[:.]/g, "").slice(0, 15)}`);
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      try {
        if (flags.findCapacity) {
          const run = await findCapacity(opts, (result, step) => {
            const dir = path.join(out, "steps", `tenants-${step.tenants}`);
            writeResultFiles(dir, result);
            process.stdout.write(summarizeResult(result));
            process.stdout.write(`  ${step.tenants} tenant(s): ${sloLine(step.slo)}; wrote ${path.join(dir, "result.json")}\n`);
          });
          writeResultFiles(out, run.result);
          process.stdout.write(`${run.search.outcome}\n  tried ${run.search.steps.map((s) => `${s.tenants}${s.slo.met ? " met" : " broke"}`).join(", ")}; wrote ${path.join(out, "result.json")}\n`);
          return;
        }
        await runLoadgenRuns(opts, (result, run) => {
          const dir = flags.runs > 1 ? path.join(out, `run-${run}`) : out;
          writeResultFiles(dir, result);
          process.stdout.write(summarizeResult(result));
          process.stdout.write(`  wrote ${path.join(dir, "result.json")} and perf.csv\n`);
        });
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });
}
