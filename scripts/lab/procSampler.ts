import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { summarizeResourceSamples, type ResourceSample, type ResourceSampler } from "../../workloads/loadgen/resourceSampler";

/**
 * CPU and memory of the lab's processes, read from /proc: CPU from utime +
 * stime (clock ticks) between two samples. A database server is a tree
 * (PostgreSQL forks a backend per connection), so a process counts with all
 * its descendants. Memory is the proportional set size (Pss in smaps_rollup):
 * the tree's backends share PostgreSQL's shared buffers, which a sum of RSS
 * counts once per backend that touched them; PSS splits each shared page
 * among its sharers, so a sum of PSS counts it once.
 */
export interface WatchedProcess {
  /** kube-apiserver etcd/hcp-001, kine kine-postgres/hcp-001, postgres (kine-postgres), ... */
  readonly role: string;
  readonly pid: number;
  /** The HCP it serves, or undefined for a shared storage server. */
  readonly hcp?: string;
  readonly group: "hcp" | "storage";
}

export interface ProcPoint {
  /** Unix seconds. */
  readonly t: number;
  /** Seconds since the previous reading: the span cpuM averages over. */
  readonly dt: number;
  readonly cpuM: number;
  /** Proportional set size, MiB (VmRSS where smaps_rollup cannot be read). */
  readonly memMi: number;
}

export interface ProcSeries {
  readonly process: WatchedProcess;
  readonly points: ProcPoint[];
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticksPerSecond;
}

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, in ticks. */
  readonly ticks: number;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
export function parseProcStat(text: string): ProcStat {
  const close = text.lastIndexOf(")");
  const pid = Number(text.slice(0, text.indexOf(" ")));
  const rest = text.slice(close + 2).split(" ");
  // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return { pid, ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) };
}

/** Pss of /proc/<pid>/smaps_rollup in MiB (proc(5)); undefined without that line. */
export function parseSmapsRollupPssMi(rollup: string): number | undefined {
  const m = /^Pss:\s+(\d+)\s+kB/m.exec(rollup);
  return m ? Number(m[1]) / 1024 : undefined;
}

/** VmRSS of /proc/<pid>/status in MiB. */
export function parseVmRssMi(status: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) / 1024 : 0;
}

/** One snapshot of every process's stat line. */
export function allStats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      out.push(parseProcStat(fs.readFileSync(`/proc/${e}/stat`, "utf8")));
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** pid and every descendant of it, from one snapshot of /proc. */
export function treeOf(pid: number, stats: readonly ProcStat[]): number[] {
  const children = new Map<number, number[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  const out: number[] = [];
  for (const queue = [pid]; queue.length > 0; ) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

/** PSS where the kernel lets us read smaps_rollup (our own user's processes, Linux 4.14+), else VmRSS. */
export function memMi(pid: number): number {
  try {
    const pss = parseSmapsRollupPssMi(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    if (pss !== undefined) return pss;
  } catch {
    // not ours, or an older kernel
  }
  try {
    return parseVmRssMi(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return 0;
  }
}

export class ProcSampler {
  private timer: NodeJS.Timeout | undefined;
  private last = new Map<number, { t: number; ticks: number }>();
  readonly series: ProcSeries[];

  constructor(processes: readonly WatchedProcess[], private readonly intervalMs = 1000) {
    this.series = processes.map((p) => ({ process: p, points: [] }));
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): ProcSeries[] {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return this.series;
  }

  /** One reading of every watched tree; CPU is the tick delta since the previous reading. */
  sample(): void {
    const now = Date.now() / 1000;
    const stats = allStats();
    const byPid = new Map(stats.map((s) => [s.pid, s]));
    for (const s of this.series) {
      const tree = treeOf(s.process.pid, stats).filter((p) => byPid.has(p));
      if (tree.length === 0) continue;
      const ticks = tree.reduce((sum, p) => sum + byPid.get(p)!.ticks, 0);
      const mem = tree.reduce((sum, p) => sum + memMi(p), 0);
      const prev = this.last.get(s.process.pid);
      this.last.set(s.process.pid, { t: now, ticks });
      if (prev && now > prev.t) s.points.push({ t: now, dt: now - prev.t, cpuM: (((ticks - prev.ticks) / clockTicks()) * 1000) / (now - prev.t), memMi: mem });
    }
  }
}

/** The load generator's sampler for one HCP: its API server and kine, summed at each instant. */
export function hcpResourceSampler(processes: readonly WatchedProcess[], intervalMs = 1000): ResourceSampler {
  let sampler: ProcSampler | undefined;
  return {
    start(): void {
      sampler = new ProcSampler(processes, intervalMs);
      sampler.start();
    },
    async stop() {
      const series = sampler?.stop() ?? [];
      const byTime = new Map<number, ResourceSample>();
      for (const s of series) {
        for (const [i, p] of s.points.entries()) {
          const prev = byTime.get(i) ?? { memMi: 0, cpuM: 0 };
          byTime.set(i, { memMi: prev.memMi + p.memMi, cpuM: prev.cpuM + p.cpuM });
        }
      }
      return summarizeResourceSamples([...byTime.values()]);
    },
  };
}
