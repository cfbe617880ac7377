import type { RenderedChart } from "./charts";
import { fixedFlaws } from "./measurementNotes";
import { partialNote, type ReportSummary } from "./renderMarkdown";
import type { Table } from "./tables";

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function htmlTable(t: Table): string {
  if (t.rows.length === 0) return "<p><em>No results for this table.</em></p>";
  const head = t.columns.map((c, i) => `<th${i >= t.labelColumns ? ' class="n"' : ""}>${esc(c)}</th>`).join("");
  const body = t.rows
    .map((r) => `<tr>${r.map((c, i) => `<td${i >= t.labelColumns ? (c.overAllocatable ? ' class="n over"' : ' class="n"') : ""}${c.ratio !== undefined ? ` title="published ${c.reference}"` : ""}>${c.href ? `<a href="${esc(encodeURI(c.href))}">${esc(c.text)}</a>` : esc(c.text)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** One page, no external assets: tables, the charts as inline SVG, and the measurement notes. */
export function renderHtml(tables: readonly Table[], charts: readonly RenderedChart[], s: ReportSummary): string {
  const sections = tables.map((t) => `<section id="${esc(t.id)}"><h2>${esc(t.title)}</h2><p>${esc(t.note)}</p>${htmlTable(t)}</section>`);
  const chartHtml = charts.map((c) => `<figure id="chart-${esc(c.id)}">${c.svg.replace(/^<\?xml[^>]*>\s*/, "")}<figcaption>${esc(c.title)}</figcaption></figure>`);
  const total = s.perfRows.original + s.scaleRows.original;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hcpbench report</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .6em}th{background:#f3f3f3}td.n,th.n{text-align:right}td.over{background:#fde8e8}
figure{margin:1em 0}figcaption{font-size:.85em;color:#555}code{background:#f3f3f3;padding:0 .2em}
</style></head><body>
<h1>hcpbench report</h1>
<p>Input: <code>${esc(s.input)}</code>. Generated ${esc(s.generatedAt)}. Every cell is the median across runs.${s.withReference ? " Cells show the published number and the ratio measured/published." : ""}${esc(partialNote(s))}</p>
${(s.watchIntegrityFlags ?? []).length > 0 ? `<section id="watch-integrity"><h2>&#9888; Watch integrity</h2><p>${(s.watchIntegrityFlags ?? []).length} run(s) whose watch streams cannot be trusted as measured:</p><ul>${(s.watchIntegrityFlags ?? []).map((f) => `<li class="flag">&#9888; ${esc(f)}</li>`).join("")}</ul></section>` : ""}
${(s.invalidRuns ?? []).length > 0 ? `<section id="invalid"><h2>Invalid points</h2><p>Points where the load generator itself was saturated; ${(s.invalidRuns ?? []).some((r) => r.included) ? "included in the medians (--include-invalid)" : "left out of the medians (--include-invalid puts them back)"}.</p><ul>${(s.invalidRuns ?? []).map((r) => `<li style="color:#999">${esc(r.file)}: invalid: ${esc(r.reason)}</li>`).join("")}</ul></section>` : ""}
${sections.join("\n")}
${charts.length > 0 ? `<section id="charts"><h2>Charts</h2>${chartHtml.join("\n")}</section>` : ""}
<section id="fixes"><h2>What this measurement fixes</h2>
<p>Rows measured by hcpbench: ${s.perfRows.hcpbench} perf, ${s.scaleRows.hcpbench} scale. Rows read from the original bench's CSV files: ${s.perfRows.original} perf, ${s.scaleRows.original} scale${total > 0 ? " (these still carry the flaws below)" : ""}.</p>
<table><thead><tr><th>Known flaw of the original measurement</th><th>How hcpbench measures instead</th></tr></thead><tbody>
${fixedFlaws.map((f) => `<tr><td>${esc(f.flaw)}</td><td>${esc(f.fix)}</td></tr>`).join("\n")}
</tbody></table></section>
</body></html>
`;
}
