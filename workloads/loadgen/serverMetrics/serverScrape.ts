import type { StoreDriver } from "../drivers/storeDriver";
import type { HistogramDelta, ServerMetricsDelta } from "../loadgenResult";
import { counterDelta, histogramDeltas } from "./histogramDelta";
import { parsePrometheusText, type Sample } from "./prometheusText";

/** What is kept from each kind of server: the API server's request and storage latency; etcd's MVCC counters and disk latency. */
const apiserverFamilies = new Set(["apiserver_request_duration_seconds", "etcd_request_duration_seconds"]);
export const etcdCounters = ["etcd_mvcc_put_total", "etcd_mvcc_delete_total", "etcd_mvcc_txn_total", "etcd_mvcc_range_total", "etcd_debugging_mvcc_events_total", "etcd_server_proposals_committed_total", "etcd_server_slow_apply_total"] as const;
const etcdHistograms = ["etcd_disk_backend_commit_duration_seconds", "etcd_disk_wal_fsync_duration_seconds"] as const;
const etcdFamilies = new Set<string>([...etcdCounters.map((c) => c.replace(/_total$/, "")), ...etcdHistograms]);

export interface ServerSnapshot {
  readonly target: string;
  readonly source: "apiserver" | "etcd";
  readonly samples?: readonly Sample[];
  /** Lines of /metrics the parser could not read. */
  readonly unparsedLines?: number;
  readonly error?: string;
}

/** Scrapes a target's /metrics; a failure is recorded, never thrown (the load result still counts). */
export async function scrapeServer(driver: StoreDriver, source: "apiserver" | "etcd"): Promise<ServerSnapshot> {
  const families = source === "etcd" ? etcdFamilies : apiserverFamilies;
  try {
    const text = await driver.scrapeMetrics();
    const parsed = parsePrometheusText(text, (f) => families.has(f));
    return { target: driver.label, source, samples: parsed.samples, unparsedLines: parsed.unparsedLines };
  } catch (err) {
    return { target: driver.label, source, error: (err as Error).message };
  }
}

/** What the server did between two scrapes. */
export function serverDelta(before: ServerSnapshot, after: ServerSnapshot): ServerMetricsDelta {
  const unparsed = (before.unparsedLines ?? 0) + (after.unparsedLines ?? 0);
  const base = { target: before.target, source: before.source, ...(unparsed > 0 ? { unparsedLines: unparsed } : {}) };
  if (!before.samples || !after.samples) {
    return { ...base, scrapeError: before.error ?? after.error ?? "no samples", apiserverRequestDuration: [], etcdRequestDuration: [], counters: {}, histograms: {} };
  }
  if (before.source === "apiserver") {
    return {
      ...base,
      apiserverRequestDuration: histogramDeltas(before.samples, after.samples, "apiserver_request_duration_seconds", ["verb", "resource"]),
      // "type" names the resource before Kubernetes 1.30, "resource" after.
      etcdRequestDuration: histogramDeltas(before.samples, after.samples, "etcd_request_duration_seconds", ["operation", "type", "resource"]),
      counters: {},
      histograms: {},
    };
  }
  const value = (samples: readonly Sample[], name: string) => samples.filter((s) => s.name === name).reduce((n, s) => n + s.value, 0);
  const counters: Record<string, number> = {};
  for (const c of etcdCounters) counters[c] = counterDelta(value(before.samples, c), value(after.samples, c));
  const histograms: Record<string, HistogramDelta> = {};
  for (const h of etcdHistograms) {
    const [delta] = histogramDeltas(before.samples, after.samples, h, []);
    if (delta) histograms[h] = delta;
  }
  return { ...base, apiserverRequestDuration: [], etcdRequestDuration: [], counters, histograms };
}
