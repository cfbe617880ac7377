/**
 * The known flaws of the original measurement (BENCHMARK-SPEC §3) and how
 * hcpbench's load generator avoids each. Rows read from the original bench's
 * CSV files still carry these flaws; the report says how many rows that is.
 */
export const fixedFlaws: readonly { flaw: string; fix: string }[] = [
  {
    flaw: "Delete events were timed against the update's timestamp, overstating delete lag.",
    fix: "Every write, deletes included, stamps its own send time; lag is measured per event type against that write.",
  },
  {
    flaw: "Operations never sent before the phase timeout were counted as errors.",
    fix: "Operations not attempted are counted apart (perf.csv `not_attempted`) and excluded from the error rate.",
  },
  {
    flaw: "Throughput divided successes by an elapsed time that included the watch drain wait.",
    fix: "Throughput is successes over the active window only (first send to last response); the drain wait is excluded.",
  },
  {
    flaw: "create-list deleted objects in the background while writing, so the list size was unpredictable.",
    fix: "create-list lists a fixed-size set: nothing is deleted while the list phase runs.",
  },
  {
    flaw: "Percentiles were nearest-rank over raw samples, client-side only.",
    fix: "Latencies go into HDR histograms (warm-up discarded), and the API server's own apiserver_request_duration_seconds and etcd_request_duration_seconds are recorded beside the client view.",
  },
];
