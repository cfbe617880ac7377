import type { LatencySummary, LoadgenResult, StepResult } from "./loadgenResult";
import { sloLine } from "./slo/sloVerdict";

const ms = (s: number) => `${(s * 1000).toFixed(s < 0.01 ? 2 : 1)} ms`;
const lat = (l: LatencySummary) => `p50 ${ms(l.p50)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  max ${ms(l.max)}`;

function stepLine(name: string, s: StepResult): string {
  const errs = s.errors > 0 ? `  errors ${s.errors} (${Object.entries(s.errorsByClass).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`).join(", ")})` : "";
  const left = s.notAttempted + s.skipped > 0 ? `  not attempted ${s.notAttempted}${s.skipped ? `, skipped ${s.skipped}` : ""}` : "";
  return `  ${name.padEnd(8)} ${String(s.successes).padStart(7)} ok  ${s.throughputOps.toFixed(1).padStart(9)} ops/s  ${lat(s.latency)}${errs}${left}`;
}

/** A few lines for a human after a run; the files hold everything. */
export function summarizeResult(r: LoadgenResult): string {
  const lines = [`${r.profile} run ${r.runId}${r.partial ? " (PARTIAL: interrupted)" : ""}: ${r.settings.mode}, ${r.settings.ops} ops, concurrency ${r.settings.concurrency}${r.settings.rate ? `, rate ${r.settings.rate}/s` : ""}`];
  for (const [name, s] of Object.entries(r.steps)) if (name !== "listPage") lines.push(stepLine(name, s));
  if (r.list) lines.push(`  list saw ${r.list.observedItems} of ${r.list.expectedItems} objects${r.list.mismatchedLists ? ` (${r.list.mismatchedLists} lists differed)` : ""}`);
  if (r.watch) {
    const w = r.watch;
    lines.push(`  watch    ${w.events}/${w.expectedEvents} events, ${w.eventRate.toFixed(0)} events/s, lag ${lat(w.lag)}`);
    if (w.errors || w.reconnects || w.relists) lines.push(`           errors ${w.errors}, reconnects ${w.reconnects}, relists ${w.relists}${w.firstError ? `: ${w.firstError}` : ""}`);
  }
  for (const t of r.perTarget ?? []) {
    if (t.rate === undefined) continue;
    const w = t.watch ? `  lag p50 ${ms(t.watch.lag.p50)}  p99 ${ms(t.watch.lag.p99)}  max ${ms(t.watch.lag.max)}${t.watch.complete ? "" : ` (${t.watch.events}/${t.watch.expectedEvents} events)`}` : "";
    lines.push(`  hcp      ${t.target} at ${t.rate}/s: write p99 ${ms(t.writes.latency.p99)}${t.writes.errors + t.reads.errors > 0 ? `, ${t.writes.errors + t.reads.errors} errors` : ""}${w}`);
  }
  for (const s of r.server) {
    if (s.scrapeError) lines.push(`  server   ${s.target}: metrics not scraped (${s.scrapeError})`);
    for (const d of s.apiserverRequestDuration.slice(0, 4)) lines.push(`  apiserver ${d.labels.verb ?? ""} ${d.labels.resource ?? ""}: ${d.count} requests, mean ${ms(d.mean)}, ~p99 ${ms(d.p99)}`);
    for (const d of s.etcdRequestDuration.slice(0, 4)) lines.push(`  storage   ${d.labels.operation ?? ""}: ${d.count} calls, mean ${ms(d.mean)}, ~p99 ${ms(d.p99)}`);
    const c = s.counters;
    if (s.source === "etcd" && !s.scrapeError) lines.push(`  etcd     puts ${c.etcd_mvcc_put_total ?? 0}, deletes ${c.etcd_mvcc_delete_total ?? 0}, events sent ${c.etcd_debugging_mvcc_events_total ?? 0}`);
  }
  if (r.slo) lines.push(`  ${sloLine(r.slo)}`);
  lines.push(`  client   cpu ${(r.client.cpuUserS + r.client.cpuSystemS).toFixed(2)} s, max RSS ${r.client.maxRssMiB} MiB`);
  return `${lines.join("\n")}\n`;
}
