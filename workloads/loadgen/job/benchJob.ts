import { benchPoints, pointDir, pointDoneFile, stackKeyPrefix, type BenchPoint } from "../../../infra/names/resultsLayout";
import type { LoadgenOptions } from "../loadgenOptions";
import type { LoadgenResult } from "../loadgenResult";
import type { ProfileName } from "../../../infra/names/profiles";
import { perfCsv, resultJson } from "../resultFiles";
import type { ManagementApi } from "../../samplers/managementApi";
import { PodMetricsSampler } from "../../samplers/podMetricsSampler";
import { isFleetProfile, type BenchJobSpec } from "./benchJobSpec";
import type { BenchJobEnv } from "./benchJobEnv";
import { HcpTargets } from "./hcpKubeconfigs";
import type { PointStore } from "./pointStore";
import { samplingGroupsFor } from "./samplingGroups";
import { deadline } from "../schedule/deadline";

/** done: complete result uploaded; skipped: already complete in the bucket; partial: aborted, partial result uploaded; failed: no result; not-run: the Job was stopped first. */
export type PointStatus = "done" | "skipped" | "partial" | "failed" | "not-run";

export interface PointRecord {
  readonly profile: string;
  readonly concurrency: number;
  readonly run: number;
  readonly status: PointStatus;
  /** result.json's key. */
  readonly key: string;
  readonly durationS?: number;
  readonly reason?: string;
}

/** job.json: what one Job did, under the stack's prefix. */
export interface JobSummary {
  readonly stack: string;
  readonly sweepId: string;
  readonly runToken: string;
  readonly backend: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** SIGTERM (pod deleted, activeDeadlineSeconds reached) stopped the Job. */
  readonly interrupted: boolean;
  readonly counts: Readonly<Record<PointStatus, number>>;
  readonly points: readonly PointRecord[];
}

export interface BenchJobDeps {
  readonly api: ManagementApi;
  readonly store: PointStore;
  readonly runLoadgen: (opts: LoadgenOptions) => Promise<LoadgenResult>;
  /** Aborted on SIGTERM: the current point stops and is uploaded as partial; no further point starts. */
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
  readonly now?: () => Date;
}

/** `<prefix>/<sweepId>/<stack>/`, exactly as the report and the sweep read it. */
export function stackPrefixOf(env: BenchJobEnv): string {
  return stackKeyPrefix(env.results.prefix, env.sweepId, env.stack);
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0].slice(0, 500);

/**
 * Runs every point of the matrix strictly one after another (points must not overlap on one
 * fleet), uploading each point as soon as it ends, then job.json. Never throws for a point: a
 * point that fails is recorded and the next one runs, so one bad point cannot cost the sweep.
 */
export async function runBenchJob(spec: BenchJobSpec, env: BenchJobEnv, deps: BenchJobDeps): Promise<JobSummary> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const stackPrefix = stackPrefixOf(env);
  const targets = new HcpTargets(deps.api);
  const points = benchPoints(spec);
  const records: PointRecord[] = [];

  for (const point of points) {
    const key = `${stackPrefix}${pointDoneFile(point)}`;
    if (deps.signal.aborted) {
      records.push({ ...point, status: "not-run", key, reason: "the Job was stopped (SIGTERM) before this point" });
      continue;
    }
    records.push(await runPoint(point, key));
  }

  const counts = { done: 0, skipped: 0, partial: 0, failed: 0, "not-run": 0 } satisfies Record<PointStatus, number>;
  for (const r of records) counts[r.status] += 1;
  const summary: JobSummary = {
    stack: env.stack,
    sweepId: env.sweepId,
    runToken: env.runToken,
    backend: spec.backend,
    startedAt,
    finishedAt: now().toISOString(),
    interrupted: deps.signal.aborted,
    counts,
    points: records,
  };
  await deps.store.put(`${stackPrefix}job.json`, `${JSON.stringify(summary, null, 2)}\n`);
  deps.log(`job: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(", ")}; summary at ${deps.store.where}/${stackPrefix}job.json`);
  return summary;

  async function runPoint(point: BenchPoint, key: string): Promise<PointRecord> {
    const label = `${point.profile} c${point.concurrency} run ${point.run}`;
    const profile = point.profile as ProfileName;
    const started = Date.now();
    const took = () => Math.round((Date.now() - started) / 100) / 10;
    let sampler: PodMetricsSampler | undefined;
    let budget: ReturnType<typeof deadline> | undefined;
    try {
      const stored = await deps.store.state(key);
      if (stored === "complete") {
        deps.log(`${label}: already in the bucket, skipped`);
        return { ...point, status: "skipped", key };
      }
      if (stored === "partial") deps.log(`${label}: a partial result is in the bucket; running the point again`);

      const fleet = isFleetProfile(profile);
      const hcps = fleet ? spec.hcps : spec.hcps.slice(0, 1);
      const loadTargets = await targets.of(hcps, deps.signal);
      sampler = new PodMetricsSampler({ api: deps.api, intervalMs: spec.sampling.intervalMs, ...samplingGroupsFor(spec.sampling, fleet ? "fleet" : hcps[0]) });
      const budgetS = spec.pointTimeoutSeconds[profile]!;
      budget = deadline(budgetS * 1000, deps.signal);
      const signal = budget.signal;

      deps.log(`${label}: start against ${fleet ? `${hcps.length} HCPs` : hcps[0].name} (budget ${budgetS} s)`);
      const result = await deps.runLoadgen({
        target: fleet ? loadTargets : loadTargets[0],
        profile,
        ops: spec.ops,
        concurrency: point.concurrency,
        watchers: spec.watchers,
        warmup: spec.warmup,
        run: point.run,
        phaseTimeoutMs: spec.phaseTimeoutSeconds * 1000,
        labels: {
          storageName: spec.backend,
          hcpCpuLimit: spec.hcpCpuLimit,
          hcpMemoryLimit: spec.hcpMemoryLimit,
          runId: String(point.run),
          extra: { stack: env.stack, sweepId: env.sweepId, runToken: env.runToken },
        },
        signal,
        resourceSampler: sampler,
        log: (line) => deps.log(`${label}: ${line}`),
      });

      const dir = `${stackPrefix}${pointDir(point)}/`;
      const resources = sampler.summary();
      await deps.store.putPoint(
        dir,
        [
          { name: "perf.csv", body: perfCsv(result) },
          ...(resources ? [{ name: "resources.json", body: `${JSON.stringify(resources, null, 2)}\n` }] : []),
          { name: "result.json", body: resultJson(result) },
        ],
        result.partial,
      );
      if (result.partial) {
        const reason = deps.signal.aborted ? "SIGTERM" : signal.aborted ? `point budget of ${budgetS} s exceeded` : (result.partialReason ?? "interrupted");
        deps.log(`${label}: partial (${reason}), uploaded to ${dir}`);
        return { ...point, status: "partial", key, durationS: took(), reason: result.partialReason ?? reason };
      }
      deps.log(`${label}: done in ${took()} s, uploaded to ${dir}`);
      return { ...point, status: "done", key, durationS: took() };
    } catch (e) {
      deps.log(`${label}: failed: ${errorText(e)}`);
      return { ...point, status: "failed", key, durationS: took(), reason: errorText(e) };
    } finally {
      budget?.clear();
      // The load generator stops the sampler when it returns; a throw may leave it polling.
      if (sampler?.isRunning) await sampler.stop().catch(() => undefined);
    }
  }
}

/** Exit code: 0 only when every point is done or was already done. */
export function exitCodeOf(summary: JobSummary): number {
  if (summary.interrupted) return 143;
  return summary.counts.partial + summary.counts.failed + summary.counts["not-run"] > 0 ? 1 : 0;
}
