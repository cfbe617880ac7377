import * as hdr from "hdr-histogram-js";
import type { LatencySummary } from "../loadgenResult";

/**
 * Latencies in microseconds in an HDR histogram (3 significant digits, 1 µs to
 * 1 h). Memory is fixed whatever the number of operations: there is no
 * per-operation array anywhere in the load generator.
 */
export class LatencyHistogram {
  readonly histogram: hdr.Histogram;

  constructor() {
    this.histogram = hdr.build({ bitBucketSize: 32, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
  }

  recordMicros(us: number): void {
    // Sub-microsecond values (clock granularity) still count as an operation.
    this.histogram.recordValue(us < 1 ? 1 : Math.round(us));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  add(other: LatencyHistogram): void {
    this.histogram.add(other.histogram);
  }

  /** Compact text form, to move a histogram out of a worker thread. */
  encode(): string {
    return hdr.encodeIntoCompressedBase64(this.histogram);
  }

  static decode(encoded: string): LatencyHistogram {
    const h = new LatencyHistogram();
    h.histogram.add(hdr.decodeFromCompressedBase64(encoded, 32, false));
    return h;
  }

  summary(): LatencySummary {
    const h = this.histogram;
    if (h.totalCount === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
    const s = (us: number) => us / 1e6;
    return {
      count: h.totalCount,
      mean: s(h.mean),
      p50: s(h.getValueAtPercentile(50)),
      p90: s(h.getValueAtPercentile(90)),
      p95: s(h.getValueAtPercentile(95)),
      p99: s(h.getValueAtPercentile(99)),
      p999: s(h.getValueAtPercentile(99.9)),
      max: s(h.maxValue),
    };
  }
}
