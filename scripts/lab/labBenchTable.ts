import type { LabBenchOutcome, LabBenchPoint } from "./labBench";

/** One row: a point (backend, HCPs, profile, concurrency), all HCPs together, median over runs. */
export interface BenchRow {
  readonly backend: string;
  readonly hcps: number;
  readonly profile: string;
  readonly concurrency: number;
  /** Successful writes per second, summed over the HCPs. */
  readonly writesPerS: number;
  /** Write p99 in ms: the worst HCP's. */
  readonly writeP99Ms: number;
  readonly eventsPerS?: number;
  readonly lagP99Ms?: number;
  /** CPU milliseconds per successful write: the load generator's, and the lab's processes'. */
  readonly clientCpuMsPerWrite: number;
  readonly serverCpuMsPerWrite: number;
  readonly errors: number;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function benchRows(points: readonly LabBenchPoint[]): BenchRow[] {
  const groups = new Map<string, LabBenchPoint[]>();
  for (const p of points) {
    const k = `${p.backend}|${p.hcps}|${p.profile}|${p.concurrency}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  const rows: BenchRow[] = [];
  for (const ps of groups.values()) {
    const runs = new Map<number, LabBenchPoint[]>();
    for (const p of ps) runs.set(p.run, [...(runs.get(p.run) ?? []), p]);
    const perRun = [...runs.values()].map((hcps) => {
      const writes = hcps.reduce((a, p) => a + p.result.writes.successes, 0);
      const watched = hcps.filter((p) => p.result.watch);
      return {
        writesPerS: hcps.reduce((a, p) => a + p.result.writes.throughputOps, 0),
        writeP99Ms: Math.max(...hcps.map((p) => p.result.writes.latency.p99)) * 1000,
        eventsPerS: watched.length ? watched.reduce((a, p) => a + p.result.watch!.eventRate, 0) : undefined,
        lagP99Ms: watched.length ? Math.max(...watched.map((p) => p.result.watch!.lag.p99)) * 1000 : undefined,
        // The client and server CPU of a point are measured once for all its HCPs.
        clientCpuMsPerWrite: writes > 0 ? (hcps[0].clientCpuS * 1000) / writes : NaN,
        serverCpuMsPerWrite: writes > 0 ? (hcps[0].serverCpuS * 1000) / writes : NaN,
        errors: hcps.reduce((a, p) => a + p.result.writes.errors + p.result.reads.errors + (p.result.watch?.errors ?? 0), 0),
      };
    });
    const m = (f: (r: (typeof perRun)[number]) => number | undefined) => {
      const xs = perRun.map(f).filter((x): x is number => x !== undefined && Number.isFinite(x));
      return xs.length ? median(xs) : undefined;
    };
    rows.push({
      backend: ps[0].backend,
      hcps: ps[0].hcps,
      profile: ps[0].profile,
      concurrency: ps[0].concurrency,
      writesPerS: m((r) => r.writesPerS) ?? 0,
      writeP99Ms: m((r) => r.writeP99Ms) ?? NaN,
      ...(m((r) => r.eventsPerS) !== undefined ? { eventsPerS: m((r) => r.eventsPerS)! } : {}),
      ...(m((r) => r.lagP99Ms) !== undefined ? { lagP99Ms: m((r) => r.lagP99Ms)! } : {}),
      clientCpuMsPerWrite: m((r) => r.clientCpuMsPerWrite) ?? NaN,
      serverCpuMsPerWrite: m((r) => r.serverCpuMsPerWrite) ?? NaN,
      errors: m((r) => r.errors) ?? 0,
    });
  }
  return rows;
}

const f = (x: number | undefined, digits: number) => (x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(digits));

/** A Markdown table of the points, then readiness and each process's peaks per backend. */
export function formatBenchTable(o: LabBenchOutcome): string {
  const head = "| backend | HCPs | profile | c | writes/s | write p99 ms | events/s | lag p99 ms | client CPU ms/write | server CPU ms/write | errors |";
  const rule = "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|";
  const lines = benchRows(o.points).map((r) => `| ${r.backend} | ${r.hcps} | ${r.profile} | ${r.concurrency} | ${f(r.writesPerS, 0)} | ${f(r.writeP99Ms, 0)} | ${f(r.eventsPerS, 0)} | ${f(r.lagP99Ms, 0)} | ${f(r.clientCpuMsPerWrite, 2)} | ${f(r.serverCpuMsPerWrite, 2)} | ${r.errors} |`);
  const ready = Object.entries(o.readiness).map(([b, s]) => `${b}: start to /readyz ${s.map((x) => `${x.toFixed(1)} s`).join(", ")}`);
  const peaks = Object.entries(o.processes).flatMap(([b, ps]) => ps.map((p) => `${b}: ${p.role}: peak PSS ${p.peakMemMi.toFixed(0)} MiB, peak CPU ${p.peakCpuM.toFixed(0)} m, mean ${p.meanCpuM.toFixed(0)} m`));
  return [head, rule, ...lines, "", ...ready, "", ...peaks, ""].join("\n");
}
