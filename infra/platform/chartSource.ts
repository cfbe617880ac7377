import * as path from "node:path";
import type { Config } from "../config/schema";
import type { HelmReleaseSpec } from "./helmReleaseSpec";

type ChartRef = Pick<HelmReleaseSpec, "chart" | "version" | "repo">;

/** The chart's own name: the last path element of an `oci://` reference, else the name in its repository. */
export function chartName(ref: ChartRef): string {
  return ref.chart.startsWith("oci://") ? ref.chart.slice(ref.chart.lastIndexOf("/") + 1) : ref.chart;
}

/** The file `helm pull` writes for a chart: `<name>-<version>.tgz`, the version exactly as published. */
export function chartArchiveName(ref: ChartRef): string {
  return `${chartName(ref)}-${ref.version}.tgz`;
}

/** The command that fetches the archive into the current folder, without adding a repository to Helm's list. */
export function helmPullCommand(ref: ChartRef): string {
  return ref.repo ? `helm pull ${ref.chart} --repo ${ref.repo} --version ${ref.version}` : `helm pull ${ref.chart} --version ${ref.version}`;
}

/**
 * Where a Release takes its chart from: the upstream repository (or OCI
 * registry) as pinned, or, with `platform.chartSource.folder`, the archive in
 * that folder, which Helm loads as a local chart without any repository.
 */
export function chartLocation(ref: ChartRef, source: Config["platform"]["chartSource"]): { chart: string; version: string; repo?: string } {
  if (source) return { chart: path.join(source.folder, chartArchiveName(ref)), version: ref.version };
  return { chart: ref.chart, version: ref.version, ...(ref.repo ? { repo: ref.repo } : {}) };
}
