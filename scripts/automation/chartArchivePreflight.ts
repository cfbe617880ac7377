import * as fs from "node:fs";
import * as path from "node:path";
import type { Config } from "../../infra/config/schema";
import { chartArchiveName, helmPullCommand } from "../../infra/platform/chartSource";
import { installedCharts } from "../../infra/platform/installedCharts";

/**
 * With `platform.chartSource.folder`, every chart the stack installs must be
 * there as the archive `helm pull` writes; one line per missing archive, with
 * the command that fetches it (run where there is internet, in that folder).
 */
export function chartArchiveProblems(stack: string, cfg: Config, exists: (file: string) => boolean = fs.existsSync): string[] {
  const source = cfg.platform.chartSource;
  if (!source) return [];
  return installedCharts(cfg)
    .map(({ chart }) => ({ file: path.join(source.folder, chartArchiveName(chart)), chart }))
    .filter(({ file }) => !exists(file))
    .map(({ file, chart }) => `stack ${stack}: hcpbench:platform.chartSource.folder: ${file} is missing; fetch it into ${source.folder} with: ${helmPullCommand(chart)}`);
}
