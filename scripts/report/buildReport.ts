import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../infra/names/inputError";
import { backendNames } from "../../infra/names/backends";
import { LocalResultsStore, PrefixedResultsStore, type ResultsStore } from "../results/resultsStore";
import { isS3Uri, parseS3Uri } from "../results/s3Location";
import { S3ResultsStore } from "../results/s3ResultsStore";
import { s3ClientFor } from "../../workloads/loadgen/job/s3Client";
import { aggregatePerf, aggregateScale } from "./aggregate";
import { buildCharts, renderChart, type RenderedChart } from "./charts";
import { loadResults } from "./loadResults";
import { conformanceTables, loadConformance, markTablesWithConformance } from "./conformanceTable";
import { PublishedReference } from "./publishedReference";
import { renderHtml } from "./renderHtml";
import { watchIntegrityFlags } from "./watchIntegrityFlags";
import { renderMarkdown, type ReportSummary } from "./renderMarkdown";
import { buildTables, type Table } from "./tables";

export interface ReportOptions {
  /** A folder or `s3://bucket/prefix`. */
  readonly input: string;
  readonly outDir: string;
  readonly reference: boolean;
  /** Region for an s3:// input (redirects are followed, so any region works). */
  readonly region?: string;
  /** Put points marked invalid (saturated load generator) back into the medians. */
  readonly includeInvalid?: boolean;
  /** Skip PNG/SVG rendering (used by the bench to time the data path alone). */
  readonly charts?: boolean;
  /** Count runs whose result.json is malformed (left out by default, and named either way). */
  readonly includeMalformed?: boolean;
}

export interface ReportResult {
  readonly tables: Table[];
  readonly charts: RenderedChart[];
  readonly files: string[];
  readonly summary: ReportSummary;
}

/** An s3:// prefix or a local folder as a store; bad locations are bad input. */
export async function openResultsSource(input: string, region?: string): Promise<ResultsStore> {
  if (isS3Uri(input)) {
    const loc = parseS3Uri(input, "report input");
    const client = s3ClientFor({ bucket: loc.bucket, region: region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1" });
    const store = new PrefixedResultsStore(new S3ResultsStore(client, loc.bucket), loc.prefix);
    try {
      await store.list();
    } catch (err) {
      const e = err as Error & { name?: string };
      throw new InputError(`${input}: cannot be read (${e.name ?? "error"}: ${e.message.split("\n")[0]}); check the bucket name, region and AWS credentials`);
    }
    return store;
  }
  if (!fs.existsSync(input)) throw new InputError(`${input}: no such folder (give a results folder or s3://<bucket>/<prefix>)`);
  if (!fs.statSync(input).isDirectory()) throw new InputError(`${input}: not a folder (give a results folder or s3://<bucket>/<prefix>)`);
  return new LocalResultsStore(path.resolve(input));
}

export async function buildReport(opts: ReportOptions): Promise<ReportResult> {
  const store = await openResultsSource(opts.input, opts.region);
  const loaded = await loadResults(store, { includeMalformed: opts.includeMalformed, includeInvalid: opts.includeInvalid === true });
  const perf = aggregatePerf(loaded.perf);
  const scale = aggregateScale(loaded.scale);
  const reference = opts.reference ? PublishedReference.load() : undefined;
  const conformance = await loadConformance(store, (key) => (isS3Uri(opts.input) ? `${store.where}${key}` : path.relative(opts.outDir, path.join(path.resolve(opts.input), key))));
  const tables = [...markTablesWithConformance(buildTables({ perf, scale, storageOrder: backendNames, reference }), conformance.runs), ...conformanceTables(conformance.runs)];
  const charts = opts.charts === false ? [] : await Promise.all(buildCharts(perf, backendNames).map(renderChart));
  const count = (rows: readonly { source: string }[], source: string) => rows.filter((r) => r.source === source).length;
  const summary: ReportSummary = {
    input: opts.input,
    generatedAt: new Date().toISOString(),
    perfRows: { hcpbench: count(loaded.perf, "hcpbench"), original: count(loaded.perf, "original") },
    scaleRows: { hcpbench: count(loaded.scale, "hcpbench"), original: count(loaded.scale, "original") },
    withReference: opts.reference,
    partialRuns: loaded.partialRuns.length,
    malformedRuns: [...loaded.malformedRuns, ...conformance.problems],
    includeMalformed: opts.includeMalformed === true,
    watchIntegrityFlags: watchIntegrityFlags(loaded.perf),
    invalidRuns: loaded.invalidRuns,
  };

  fs.mkdirSync(path.join(opts.outDir, "charts"), { recursive: true });
  const files: string[] = [];
  const write = (rel: string, body: string | Buffer) => {
    fs.writeFileSync(path.join(opts.outDir, rel), body);
    files.push(rel);
  };
  for (const c of charts) {
    write(`charts/${c.id}.svg`, c.svg);
    write(`charts/${c.id}.png`, c.png);
  }
  write("report.md", renderMarkdown(tables, charts, summary));
  write("report.html", renderHtml(tables, charts, summary));
  return { tables, charts, files, summary };
}
