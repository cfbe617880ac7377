/**
 * npm run bench:lab — the real control planes on this machine: kube-apiserver
 * 1.33 on etcd 3.6 and on kine 0.17 (SQLite, PostgreSQL 15, MariaDB 10.11),
 * built by `hcpbench lab install`. create-list and watch-churn at c50 and c200
 * on one HCP per backend, then 10 HCPs on one PostgreSQL, loaded at once.
 * Prints writes/s, write p99, events/s, lag p99, and the load generator's
 * CPU per write beside the lab processes' CPU per write (if the client spent
 * far less than the servers, the client was not the bottleneck).
 * Usage: npm run bench:lab [-- --quick] [-- --ops N]
 * With --find-capacity it runs the capacity search instead (labCapacityBench.ts).
 */
import * as os from "node:os";
import * as path from "node:path";
import { labBench, type LabBenchOutcome } from "../lab/labBench";
import { formatBenchTable } from "../lab/labBenchTable";
import { withInterrupt } from "../lab/interrupt";
import { freePortRun } from "../lab/labPorts";
import { capacityBench } from "./labCapacityBench";

const quick = process.argv.includes("--quick");
const opsFlag = process.argv.indexOf("--ops");
const ops = opsFlag > 0 ? Number(process.argv[opsFlag + 1]) : quick ? 300 : 1000;
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
const out = path.join("results", `bench-lab-${stamp}`);
const log = (line: string) => process.stderr.write(`bench:lab: ${line}\n`);

async function phase(backends: string[], hcps: number, opsPerHcp: number, signal: AbortSignal): Promise<LabBenchOutcome> {
  const outcome = await labBench({
    backends,
    hcps,
    dir: path.join(os.tmpdir(), `hcpbench-bench-lab-${process.pid}`),
    portBase: await freePortRun(8 + 4 * hcps),
    parallel: 4,
    profiles: ["create-list", "watch-churn"],
    concurrency: [50, 200],
    runs: 1,
    ops: opsPerHcp,
    out,
    sweepId: `bench-lab-${stamp}`,
    signal,
    log: (line) => {
      if (!/loadgen|preparing|deleted/.test(line)) log(line);
    },
  });
  // Printed as each phase ends, so a later failure does not lose it.
  process.stdout.write(`\n${backends.join(", ")}, ${hcps} HCP(s), ${opsPerHcp} ops per point and HCP:\n\n${formatBenchTable(outcome)}\n`);
  return outcome;
}

async function main(): Promise<void> {
  const started = Date.now();
  const merged = await withInterrupt("bench:lab", async (signal) => {
    const single = await phase(["etcd", "kine-sqlite", "kine-postgres", "kine-mysql"], 1, ops, signal);
    const shared = signal.aborted ? undefined : await phase(["kine-postgres"], 10, Math.max(100, Math.round(ops / 10)), signal);
    return {
      points: [...single.points, ...(shared?.points ?? [])],
      processes: { ...single.processes, ...(shared ? Object.fromEntries(Object.entries(shared.processes).map(([k, v]) => [`${k} x10`, v])) : {}) },
      readiness: { ...single.readiness, ...(shared ? Object.fromEntries(Object.entries(shared.readiness).map(([k, v]) => [`${k} x10`, v])) : {}) },
    };
  });
  process.stdout.write(`\nbench:lab on ${os.cpus().length} cores, ${ops} ops per point and HCP (10-HCP rows: ${Math.max(100, Math.round(ops / 10))} per HCP, all HCPs at once); ${((Date.now() - started) / 60000).toFixed(1)} min\n\n`);
  process.stdout.write(formatBenchTable(merged));
  process.stdout.write(`results in ${out} (npx hcpbench report ${out})\n`);
}

(process.argv.includes("--find-capacity") ? capacityBench(process.argv) : main()).catch((err) => {
  process.stderr.write(`bench:lab: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
