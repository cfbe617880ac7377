import type { HcpReadiness } from "../../workloads/fleet/readinessTimes";
import { quantile } from "./quantile";

export interface ReadinessSummary {
  readonly hcps: number;
  readonly ready: number;
  readonly p50?: number;
  readonly p95?: number;
  readonly p99?: number;
  readonly max?: number;
  /** When the first HCP was created and the last became Ready (ISO). */
  readonly firstCreatedAt?: string;
  readonly lastReadyAt?: string;
  /** HCPs without a Ready time: reported by name, never silently left out of the percentiles. */
  readonly notReady: readonly string[];
}

/** Creation-to-Ready percentiles over the fleet, from the live objects' own timestamps. */
export function summarizeReadiness(times: readonly HcpReadiness[]): ReadinessSummary {
  const seconds = times.map((t) => t.secondsToReady).filter((s): s is number => s !== undefined);
  const created = times.map((t) => t.createdAt).sort();
  const readyAt = times.map((t) => t.readyAt).filter((s): s is string => s !== undefined).sort();
  return {
    hcps: times.length,
    ready: seconds.length,
    ...(seconds.length > 0
      ? { p50: quantile(seconds, 0.5), p95: quantile(seconds, 0.95), p99: quantile(seconds, 0.99), max: Math.max(...seconds) }
      : {}),
    ...(created.length > 0 ? { firstCreatedAt: created[0] } : {}),
    ...(readyAt.length > 0 ? { lastReadyAt: readyAt[readyAt.length - 1] } : {}),
    notReady: times.filter((t) => t.secondsToReady === undefined).map((t) => t.name),
  };
}
