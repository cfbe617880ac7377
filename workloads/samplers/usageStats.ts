import { build, type Histogram } from "hdr-histogram-js";

/**
 * Percentiles and peaks of one group of pods (HCP pods, or storage pods) over a sampling window.
 * A unit is what one sample sums over: one HCP's pods (all replicas and sidecars), or a whole
 * shared datastore.
 */
export interface UsageSummary {
  /** Unit samples recorded: one per unit per fresh metrics window. */
  readonly samples: number;
  /** Distinct units seen. */
  readonly units: number;
  readonly memMiB: { readonly p50: number; readonly p95: number; readonly max: number };
  readonly cpuMilli: { readonly p50: number; readonly p95: number; readonly max: number };
  /** Largest sum over the group at one poll: the "total" footprint at peak. */
  readonly peakTotalMemMiB: number;
  readonly peakTotalCpuMilli: number;
}

// Histograms hold integers: memory in KiB and CPU in microcores keep sub-unit detail for small pods.
const KIB_PER_MIB = 1024;
const MICRO_PER_MILLI = 1000;
const round1 = (x: number) => Math.round(x * 10) / 10;

function histogram(): Histogram {
  // 3 significant digits: 0.1 % error, a few KiB of memory however long the run.
  return build({ bitBucketSize: 32, autoResize: true, numberOfSignificantValueDigits: 3 });
}

/**
 * Streaming statistics for one pod group: HDR histograms, so memory stays constant however many
 * samples a long run takes. Max values are tracked exactly beside the histograms.
 */
export class UsageStats {
  private readonly mem = histogram();
  private readonly cpu = histogram();
  private readonly unitNames = new Set<string>();
  private samples = 0;
  private minMem = Infinity;
  private minCpu = Infinity;
  private maxMem = 0;
  private maxCpu = 0;
  private peakMem = 0;
  private peakCpu = 0;

  /** One unit's usage (summed over its pods) at one metrics window. */
  recordUnit(unit: string, memMiB: number, cpuMilli: number): void {
    this.unitNames.add(unit);
    this.samples += 1;
    this.mem.recordValue(Math.max(0, Math.round(memMiB * KIB_PER_MIB)));
    this.cpu.recordValue(Math.max(0, Math.round(cpuMilli * MICRO_PER_MILLI)));
    this.minMem = Math.min(this.minMem, memMiB);
    this.minCpu = Math.min(this.minCpu, cpuMilli);
    this.maxMem = Math.max(this.maxMem, memMiB);
    this.maxCpu = Math.max(this.maxCpu, cpuMilli);
  }

  /** The whole group's summed usage at one poll. */
  recordTotal(memMiB: number, cpuMilli: number): void {
    this.peakMem = Math.max(this.peakMem, memMiB);
    this.peakCpu = Math.max(this.peakCpu, cpuMilli);
  }

  summary(): UsageSummary {
    const empty = this.samples === 0;
    // HDR answers a bucket's upper edge; clamping to the exact range keeps p50 <= max for a single sample.
    const at = (h: Histogram, p: number, scale: number, min: number, max: number) =>
      empty ? 0 : round1(Math.min(max, Math.max(min, h.getValueAtPercentile(p) / scale)));
    const mem = (p: number) => at(this.mem, p, KIB_PER_MIB, this.minMem, this.maxMem);
    const cpu = (p: number) => at(this.cpu, p, MICRO_PER_MILLI, this.minCpu, this.maxCpu);
    return {
      samples: this.samples,
      units: this.unitNames.size,
      memMiB: { p50: mem(50), p95: mem(95), max: round1(this.maxMem) },
      cpuMilli: { p50: cpu(50), p95: cpu(95), max: round1(this.maxCpu) },
      peakTotalMemMiB: round1(this.peakMem),
      peakTotalCpuMilli: round1(this.peakCpu),
    };
  }

  /** Frees the histograms' buffers (they may live in WebAssembly memory). */
  destroy(): void {
    this.mem.destroy();
    this.cpu.destroy();
  }
}
