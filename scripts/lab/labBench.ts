import * as fs from "node:fs";
import * as path from "node:path";
import type { ProfileName } from "../../infra/names/profiles";
import { writeResultFiles } from "../../workloads/loadgen/resultFiles";
import { runLoadgen, type LoadgenResult } from "../../workloads/loadgen/runLoadgen";
import { datastoreRecord } from "./datastoreRecord";
import { scaleCsv } from "../capacity/capacityResult";
import { benchPoints, capacityDir, pointDir } from "../../infra/names/resultsLayout";
import { stackInfoFile } from "../report/loadResults";
import { labCapacity, processPeaks, watchedProcesses, type ProcessPeak } from "./labCapacity";
import { labDown } from "./labDown";
import type { LabState } from "./labState";
import { labUp, type LabUpOptions } from "./labUp";
import { ProcSampler, hcpResourceSampler } from "./procSampler";

export interface LabBenchOptions extends Omit<LabUpOptions, "backends"> {
  readonly backends: readonly string[];
  readonly profiles: readonly ProfileName[];
  readonly concurrency: readonly number[];
  readonly runs: number;
  readonly ops?: number;
  readonly warmup?: number;
  readonly watchers?: number;
  /** Results folder: <out>/<stack>/<profile>/c<N>/run-<n>/, as a sweep's local copy holds them. */
  readonly out: string;
  /** Recorded as the sweep id in results and capacity. */
  readonly sweepId: string;
}

/** One point on one HCP, with what the client and the lab's processes spent on it. */
export interface LabBenchPoint {
  readonly backend: string;
  readonly stack: string;
  readonly hcps: number;
  readonly hcp: string;
  readonly profile: ProfileName;
  readonly concurrency: number;
  readonly run: number;
  readonly result: LoadgenResult;
  /** CPU seconds of this process (the load generator) over the point, all HCPs' clients together. */
  readonly clientCpuS: number;
  /** CPU seconds of every lab process (API servers, kine, database or etcd) over the point. */
  readonly serverCpuS: number;
}

export interface LabBenchOutcome {
  readonly points: LabBenchPoint[];
  readonly processes: Readonly<Record<string, ProcessPeak[]>>;
  readonly readiness: Readonly<Record<string, number[]>>;
}

export function labStackName(backend: string, hcps: number): string {
  return `lab-${backend}-${hcps}`;
}

/** CPU seconds the watched processes spent in readings taken after `from` (each reading covers dt seconds before it). */
function cpuSecondsSince(sampler: ProcSampler, from: number): number {
  let total = 0;
  for (const s of sampler.series) for (const p of s.points) if (p.t > from) total += (p.cpuM / 1000) * p.dt;
  return total;
}

/**
 * Per backend in turn: lab up, the loadgen matrix against every HCP at once
 * (they share the storage, as a fleet does), then lab down, always (also on
 * error and on the signal). Each HCP's result lands in the sweep layout; the
 * lab's capacity (readiness, peak CPU and memory (PSS) per process) in capacity/run-1.
 */
export async function labBench(o: LabBenchOptions, onPoint?: (p: LabBenchPoint) => void): Promise<LabBenchOutcome> {
  const points: LabBenchPoint[] = [];
  const processes: Record<string, ProcessPeak[]> = {};
  const readiness: Record<string, number[]> = {};
  for (const backend of o.backends) {
    if (o.signal?.aborted) break;
    const stack = labStackName(backend, o.hcps);
    const stackDir = path.join(o.out, stack);
    let state: LabState | undefined;
    let sampler: ProcSampler | undefined;
    const started = new Date().toISOString();
    try {
      state = await labUp({ ...o, backends: [backend] });
      readiness[backend] = state.hcps.map((h) => h.secondsToReady);
      fs.mkdirSync(stackDir, { recursive: true });
      fs.writeFileSync(path.join(stackDir, stackInfoFile), `${JSON.stringify({ stack, sweepId: o.sweepId, backend, hcpCount: o.hcps, replicas: 1, preset: "unlimited", lab: true, kubernetes: "v1.33.13" }, null, 2)}\n`);
      const watched = watchedProcesses(state);
      sampler = new ProcSampler(watched, 1000);
      sampler.start();
      for (const point of benchPoints({ profiles: o.profiles, concurrency: o.concurrency, runs: o.runs })) {
        if (o.signal?.aborted) break;
        // A reading now closes the previous span, so every later reading covers only this point.
        sampler.sample();
        const t0 = Date.now() / 1000;
        const cpu0 = process.cpuUsage();
        const hcps = state.hcps;
        const results = await Promise.all(
          hcps.map((h) =>
            runLoadgen({
              target: { kind: "kubernetes", kubeconfig: h.kubeconfig, name: `${backend}/${h.name}` },
              profile: point.profile as ProfileName,
              concurrency: point.concurrency,
              run: point.run,
              ...(o.ops !== undefined ? { ops: o.ops } : {}),
              ...(o.warmup !== undefined ? { warmup: o.warmup } : {}),
              ...(o.watchers !== undefined ? { watchers: o.watchers } : {}),
              labels: { storageName: backend, extra: { stack, sweepId: o.sweepId, hcp: h.name, hcps: String(o.hcps), lab: "true" } },
              resourceSampler: hcpResourceSampler(watched.filter((w) => w.hcp === h.name)),
              ...(o.signal ? { signal: o.signal } : {}),
              log: (line) => o.log(`${backend}/${h.name} ${point.profile} c${point.concurrency} run ${point.run}: ${line}`),
            }),
          ),
        );
        sampler.sample();
        const cpu = process.cpuUsage(cpu0);
        const serverCpuS = cpuSecondsSince(sampler, t0);
        for (const [i, result] of results.entries()) {
          const h = hcps[i];
          const dir = hcps.length === 1 ? path.join(stackDir, pointDir(point)) : path.join(stackDir, pointDir(point), h.name);
          writeResultFiles(dir, result);
          const p: LabBenchPoint = { backend, stack, hcps: hcps.length, hcp: h.name, profile: point.profile as ProfileName, concurrency: point.concurrency, run: point.run, result, clientCpuS: (cpu.user + cpu.system) / 1e6, serverCpuS };
          points.push(p);
          onPoint?.(p);
        }
      }
    } finally {
      const series = sampler?.stop();
      if (state && series) {
        const capacity = labCapacity({ stack, sweepId: o.sweepId, backend, state, series, window: { start: started, end: new Date().toISOString() } });
        const capDir = path.join(stackDir, capacityDir);
        fs.mkdirSync(capDir, { recursive: true });
        fs.writeFileSync(path.join(capDir, "capacity.json"), `${JSON.stringify({ ...capacity, processes: processPeaks(series) }, null, 2)}\n`);
        fs.writeFileSync(path.join(capDir, "scale.csv"), scaleCsv(capacity));
        processes[backend] = processPeaks(series);
        // The datastore's side after the load; a server that cannot be read is said so, not fatal to the results.
        const datastore = await datastoreRecord(state, backend).catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }));
        if (datastore) fs.writeFileSync(path.join(capDir, "datastore.json"), `${JSON.stringify(datastore, null, 2)}
`);
      }
      await labDown(o.dir, (line) => o.log(`lab down: ${line}`));
    }
  }
  return { points, processes, readiness };
}
