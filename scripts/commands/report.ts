import type { Command } from "commander";
import { buildReport } from "../report/buildReport";
import { commandSummaries } from "./commandIndex";

export function registerReport(program: Command): void {
  program
    .command("report")
    .description(commandSummaries.report.description)
    .argument("<source>", "results folder or s3://<bucket>/<prefix>")
    .option("--out <dir>", "where report.md, report.html and charts/ go", "./report")
    .option("--reference", "show the published k0smotron benchmark number and the ratio beside each measured one", false)
    .option("--region <region>", "AWS region of an s3:// source (redirects are followed)")
    .option("--include-malformed", "count runs whose result.json is not valid JSON (left out by default, and named either way)", false)
    .option("--include-invalid", "keep points where the load generator was saturated (result.json invalid) in the medians", false)
    .action(async (source: string, opts: { out: string; reference: boolean; region?: string; includeMalformed: boolean; includeInvalid: boolean }) => {
      const result = await buildReport({
        input: source,
        outDir: opts.out,
        reference: opts.reference,
        region: opts.region,
        includeMalformed: opts.includeMalformed,
        includeInvalid: opts.includeInvalid,
      });
      for (const m of result.summary.malformedRuns) {
        process.stderr.write(`hcpbench: warning: malformed, ${opts.includeMalformed ? "counted anyway" : "left out"}: ${m}\n`);
      }
      const { perfRows: p, scaleRows: s } = result.summary;
      process.stdout.write(
        `report: ${p.hcpbench + p.original} perf rows, ${s.hcpbench + s.original} scale rows -> ${opts.out}/report.md, ${opts.out}/report.html, ${result.charts.length} charts\n`,
      );
    });
}
