import type { Command } from "commander";
import { buildReport } from "../report/buildReport";

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("Turn results (a folder or s3://bucket/prefix; this tool's or the original bench's CSVs) into tables, charts and one HTML page")
    .argument("<source>", "results folder or s3://<bucket>/<prefix>")
    .option("--out <dir>", "where report.md, report.html and charts/ go", "./report")
    .option("--reference", "show the published k0smotron benchmark number and the ratio beside each measured one", false)
    .option("--region <region>", "AWS region of an s3:// source (redirects are followed)")
    .option("--include-invalid", "keep points where the load generator was saturated (result.json invalid) in the medians", false)
    .action(async (source: string, opts: { out: string; reference: boolean; region?: string; includeInvalid: boolean }) => {
      const result = await buildReport({ input: source, outDir: opts.out, reference: opts.reference, region: opts.region, includeInvalid: opts.includeInvalid });
      const { perfRows: p, scaleRows: s } = result.summary;
      process.stdout.write(
        `report: ${p.hcpbench + p.original} perf rows, ${s.hcpbench + s.original} scale rows -> ${opts.out}/report.md, ${opts.out}/report.html, ${result.charts.length} charts\n`,
      );
    });
}
