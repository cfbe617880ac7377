/**
 * Resource usage of the HCP pods while a point runs. The load generator does
 * not know how to sample (in the bench Job a metrics.k8s.io sampler does); it
 * only starts the sampler before load and stops it after, and copies the
 * summary into the hcp_* columns of perf.csv.
 */
export interface ResourceSummary {
  /** Number of samples the percentiles below were taken over. */
  readonly samples: number;
  readonly p50MemMi: number;
  readonly p95MemMi: number;
  readonly maxMemMi: number;
  readonly p50CpuM: number;
  readonly p95CpuM: number;
  readonly maxCpuM: number;
}

export interface ResourceSampler {
  start(): void;
  stop(): Promise<ResourceSummary>;
}

export interface ResourceSample {
  /** Memory in MiB and CPU in millicores, summed over the HCP's pods at one instant. */
  readonly memMi: number;
  readonly cpuM: number;
}

/** Nearest-rank percentiles over a handful of samples (one every 2 s: too few for a histogram to matter). */
export function summarizeResourceSamples(samples: readonly ResourceSample[]): ResourceSummary {
  if (samples.length === 0) return { samples: 0, p50MemMi: 0, p95MemMi: 0, maxMemMi: 0, p50CpuM: 0, p95CpuM: 0, maxCpuM: 0 };
  const mem = samples.map((s) => s.memMi).sort((a, b) => a - b);
  const cpu = samples.map((s) => s.cpuM).sort((a, b) => a - b);
  const rank = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return {
    samples: samples.length,
    p50MemMi: rank(mem, 50),
    p95MemMi: rank(mem, 95),
    maxMemMi: mem[mem.length - 1],
    p50CpuM: rank(cpu, 50),
    p95CpuM: rank(cpu, 95),
    maxCpuM: cpu[cpu.length - 1],
  };
}
