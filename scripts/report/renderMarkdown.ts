import type { RenderedChart } from "./charts";
import { fixedFlaws } from "./measurementNotes";
import type { Table } from "./tables";

export interface ReportSummary {
  readonly input: string;
  readonly generatedAt: string;
  readonly perfRows: { readonly hcpbench: number; readonly original: number };
  readonly scaleRows: { readonly hcpbench: number; readonly original: number };
  readonly withReference: boolean;
  /** Interrupted runs left out of the medians. */
  readonly partialRuns: number;
  /** Runs whose JSON beside the CSV is malformed, "<file>: <why>". */
  readonly malformedRuns: readonly string[];
  /** Whether those runs were counted anyway (`--include-malformed`). */
  readonly includeMalformed: boolean;
  /** Runs whose watchers saw gaps, duplicates, out-of-order events, phantom events or stalls (watchIntegrityFlags). */
  readonly watchIntegrityFlags?: readonly string[];
  /** Points measured on a saturated load generator (see loadResults). */
  readonly invalidRuns?: readonly { readonly file: string; readonly reason: string; readonly included: boolean }[];
}

/** Lists invalid points with their reasons; they stay out of the medians unless --include-invalid. */
export function invalidSection(s: ReportSummary): string {
  const runs = s.invalidRuns ?? [];
  if (runs.length === 0) return "";
  const included = runs.some((r) => r.included);
  return [
    "## Invalid points",
    "",
    `${runs.length} point(s) where the load generator itself was saturated: their figures measure the client, not the target. ${included ? "They are included in the medians (--include-invalid)." : "They are left out of the medians (--include-invalid puts them back)."}`,
    "",
    ...runs.map((r) => `- <span style="color:#999">${r.file}: invalid: ${r.reason}</span>`),
    "",
  ].join("\n") + "\n";
}

/** Flags every run with a non-zero watch-integrity count; empty when there is none. */
export function watchIntegritySection(s: ReportSummary): string {
  const flags = s.watchIntegrityFlags ?? [];
  if (flags.length === 0) return "";
  return ["## ⚠ Watch integrity", "", `${flags.length} run(s) whose watch streams cannot be trusted as measured:`, "", ...flags.map((f) => `- ⚠ ${f}`), ""].join("\n") + "\n";
}

export function partialNote(s: ReportSummary): string {
  const partial = s.partialRuns > 0 ? ` ${s.partialRuns} interrupted runs (result.json "partial") are left out.` : "";
  const malformed =
    s.malformedRuns.length > 0
      ? ` ${s.malformedRuns.length} runs have a malformed JSON file and are ${s.includeMalformed ? "counted anyway (--include-malformed)" : "left out"}: ${s.malformedRuns.join("; ")}.`
      : "";
  return partial + malformed;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

export function markdownTable(t: Table): string {
  if (t.rows.length === 0) return `_No results for this table._\n`;
  const head = `| ${t.columns.map(escapeCell).join(" | ")} |`;
  const rule = `|${t.columns.map((_, i) => (i < t.labelColumns ? " --- " : " ---: ")).join("|")}|`;
  const body = t.rows.map((r) => `| ${r.map((c) => (c.href ? `[${escapeCell(c.text)}](${encodeURI(c.href)})` : escapeCell(c.text))).join(" | ")} |`);
  return [head, rule, ...body].join("\n") + "\n";
}

export function flawsSection(s: ReportSummary): string {
  const lines = [
    "## What this measurement fixes",
    "",
    `Rows measured by hcpbench: ${s.perfRows.hcpbench} perf, ${s.scaleRows.hcpbench} scale. ` +
      `Rows read from the original bench's CSV files: ${s.perfRows.original} perf, ${s.scaleRows.original} scale` +
      (s.perfRows.original + s.scaleRows.original > 0 ? " (these still carry the flaws below)." : "."),
    "",
    "| Known flaw of the original measurement | How hcpbench measures instead |",
    "| --- | --- |",
    ...fixedFlaws.map((f) => `| ${escapeCell(f.flaw)} | ${escapeCell(f.fix)} |`),
  ];
  return lines.join("\n") + "\n";
}

export function renderMarkdown(tables: readonly Table[], charts: readonly RenderedChart[], s: ReportSummary): string {
  const parts = [
    "# hcpbench report",
    "",
    `Input: \`${s.input}\`. Generated ${s.generatedAt}. Every cell is the median across runs (keyed on storage, profile, concurrency, ops, limits and replicas).` +
      (s.withReference ? " With the published number beside it: `measured (ref published, ×measured/published)`." : "") +
      partialNote(s),
    "",
  ];
  const integrity = watchIntegritySection(s);
  if (integrity) parts.push(integrity);
  const invalid = invalidSection(s);
  if (invalid) parts.push(invalid);
  for (const t of tables) parts.push(`## ${t.title}`, "", t.note, "", markdownTable(t));
  if (charts.length > 0) {
    parts.push("## Charts", "");
    for (const c of charts) parts.push(`![${c.title}](charts/${c.id}.png)`, "");
  }
  parts.push(flawsSection(s));
  return parts.join("\n");
}
