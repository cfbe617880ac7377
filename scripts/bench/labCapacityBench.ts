/**
 * npm run bench:lab -- --find-capacity: how many HCPs one datastore holds on
 * this machine. Per backend (kine-postgres, then etcd): M kube-apiserver 1.33
 * HCPs on one datastore, mixed-uniform at R ops/s per HCP on 1, 2, 4, ... of
 * them, then bisected, until the SLO breaks (default write p99 <= 1 s, watch
 * lag p99 <= 5 s, errors <= 0.1 %). Prints the outcome line per backend, with
 * every step's verdict. Bounded: ~6 steps of about ops/rate seconds each.
 * Flags: --hcps M (default 8), --rate R (default 100), --ops N per HCP and step
 * (default 500: 5 s steps), --slo EXPR, --backends a,b.
 */
import * as os from "node:os";
import * as path from "node:path";
import { InputError } from "../../infra/names/inputError";
import type { CapacityRun } from "../../workloads/loadgen/slo/findCapacity";
import { sloLine } from "../../workloads/loadgen/slo/sloVerdict";
import { withInterrupt } from "../lab/interrupt";
import { labFindCapacity } from "../lab/labFindCapacity";
import { freePortRun } from "../lab/labPorts";

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function wholeFlag(argv: readonly string[], name: string, fallback: number, min: number): number {
  const raw = flag(argv, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new InputError(`${name}: must be a whole number, ${min} or more (got "${raw}")`);
  return n;
}

export async function capacityBench(argv: readonly string[]): Promise<void> {
  const hcps = wholeFlag(argv, "--hcps", 8, 2);
  const rate = wholeFlag(argv, "--rate", 100, 1);
  const ops = wholeFlag(argv, "--ops", 500, 100);
  const slo = flag(argv, "--slo");
  const backends = (flag(argv, "--backends") ?? "kine-postgres,etcd").split(",");
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
  const out = path.join("results", `bench-lab-capacity-${stamp}`);
  const log = (line: string) => process.stderr.write(`bench:lab: ${line}\n`);
  const started = Date.now();
  const runs: [string, CapacityRun, number][] = [];
  await withInterrupt("bench:lab", async (signal) => {
    for (const backend of backends) {
      if (signal.aborted) break;
      const t0 = Date.now();
      const run = await labFindCapacity({
        backend,
        hcps,
        rate,
        ops,
        ...(slo !== undefined ? { slo } : {}),
        dir: path.join(os.tmpdir(), `hcpbench-bench-capacity-${process.pid}`),
        portBase: await freePortRun(8 + 4 * hcps),
        parallel: 4,
        out,
        signal,
        log,
      });
      runs.push([backend, run, (Date.now() - t0) / 60000]);
      // Printed as each backend ends, so a later failure does not lose it.
      process.stdout.write(`${run.search.outcome}\n`);
    }
  });
  process.stdout.write(`\nbench:lab --find-capacity: ${hcps} HCPs per backend, ${rate} ops/s per active HCP, ${ops} ops per HCP and step; ${((Date.now() - started) / 60000).toFixed(1)} min\n`);
  for (const [backend, run, minutes] of runs) {
    process.stdout.write(`\n${backend} (${minutes.toFixed(1)} min):\n`);
    for (const s of run.search.steps) process.stdout.write(`  ${String(s.tenants).padStart(2)} HCPs: offered ${s.offeredRate.toFixed(0)} ops/s, answered ${s.achievedRate.toFixed(0)} ops/s; ${sloLine(s.slo)}${s.invalid ? `; client saturated: ${s.invalid}` : ""}\n`);
    process.stdout.write(`  ${run.search.outcome}\n`);
  }
  process.stdout.write(`results in ${out}\n`);
}
