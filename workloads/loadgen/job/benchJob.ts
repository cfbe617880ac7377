import { benchPoints, pointDir, pointDoneFile, stackKeyPrefix, type BenchPoint } from "../../../infra/names/resultsLayout";
import type { LoadgenOptions } from "../loadgenOptions";
import type { LoadgenResult } from "../loadgenResult";
import { perfCsv, resultJson } from "../resultFiles";
import type { ManagementApi } from "../../samplers/managementApi";
import { PodMetricsSampler } from "../../samplers/podMetricsSampler";
import { isFleetProfile, type BenchJobSpec } from "./benchJobSpec";
import type { BenchJobEnv } from "./benchJobEnv";
import { HcpTargets } from "./hcpKubeconfigs";
import { partialMetadataKey, type PointStore } from "./pointStore";
import { samplingGroupsFor } from "./samplingGroups";
import { deadline } from "../schedule/deadline";
import { hotShardOf, shardOf } from "./hcpShards";
import { defaultHotFraction, hotHcpCount, type ProfileName } from "../../../infra/names/profiles";
import { ShardBarrier } from "./shardBarrier";
import { mergeShardResults } from "./shardMerge";

/** done: complete result uploaded; skipped: already complete in the bucket (or, in a sharded Job, a single-HCP point another shard runs); partial: aborted, partial result uploaded; failed: no result; not-run: the Job was stopped first. */
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
  /** Sharded Jobs: how often a pod looks for the others at a barrier, and how long it waits (default 2 s; the longest point budget plus the termination grace). */
  readonly barrier?: { readonly pollMs: number; readonly timeoutMs: number };
}

/** Past the longest point budget, what a slow shard may still need: the bench pod's termination grace (workloads/bench/pointBudget.ts). */
const barrierSlackSeconds = 120;

/** One pod of a sharded bench Job. */
export interface JobShard {
  readonly index: number;
  readonly count: number;
  readonly jobUid: string;
}

/** The pod's shard, from matrix.json's shard count and the Indexed Job's environment; undefined for an unsharded Job. */
export function jobShardOf(spec: Pick<BenchJobSpec, "shards">, env: Pick<BenchJobEnv, "shard">): JobShard | undefined {
  const count = spec.shards ?? 1;
  if (count === 1) return undefined;
  if (!env.shard) throw new Error(`matrix.json has ${count} shards but JOB_COMPLETION_INDEX is not set: the bench Job must be an Indexed Job`);
  if (env.shard.index >= count) throw new Error(`JOB_COMPLETION_INDEX ${env.shard.index} is outside the ${count} shards of matrix.json (0..${count - 1})`);
  return { ...env.shard, count };
}

/** `<point>/shards/<index>.json`: one shard's result of a fleet point, with its histograms; not result.json, which marks the merged point done. */
export const shardResultFile = (index: number) => `shards/${index}.json`;

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

  const shard = jobShardOf(spec, env);
  const lead = shard === undefined || shard.index === 0;
  const barrier = shard
    ? new ShardBarrier(deps.store, `${stackPrefix}shards/${shard.jobUid}/`, shard.index, shard.count, {
        pollMs: deps.barrier?.pollMs ?? 2000,
        timeoutMs: deps.barrier?.timeoutMs ?? (Math.max(...Object.values(spec.pointTimeoutSeconds).map(Number)) + barrierSlackSeconds) * 1000,
        signal: deps.signal,
      })
    : undefined;
  // Shard 0 merges a sharded point once every shard is past it (the next barrier), while the next point runs.
  let merging: Promise<void> = Promise.resolve();
  let toMerge: { point: BenchPoint; record: number } | undefined;
  const inStep = async (step: string) => {
    if (!barrier) return;
    // Once stopped, no shard waits for another: what each uploaded is merged as it is.
    const missing = deps.signal.aborted ? [] : await barrier.arrive(step);
    if (missing.length > 0 && !deps.signal.aborted) deps.log(`shard ${shard!.index}: shard(s) ${missing.join(", ")} did not reach ${step}; going on without them`);
    if (toMerge) {
      const m = toMerge;
      toMerge = undefined;
      merging = merging.then(async () => {
        records[m.record] = await mergePoint(m.point, records[m.record]);
      });
    }
  };

  for (const [n, point] of points.entries()) {
    const key = `${stackPrefix}${pointDoneFile(point)}`;
    await inStep(`point-${n}`);
    if (deps.signal.aborted) {
      records.push({ ...point, status: "not-run", key, reason: "the Job was stopped (SIGTERM) before this point" });
      continue;
    }
    if (shard && !isFleetProfile(point.profile as ProfileName)) {
      if (lead) records.push(await runPoint(point, key));
      else records.push({ ...point, status: "skipped", key, reason: "a single-HCP point: shard 0 runs it alone" });
      continue;
    }
    const record = await runPoint(point, key);
    if (shard && lead && record.status !== "skipped") toMerge = { point, record: records.length };
    records.push(record);
  }
  await inStep("end");
  await merging;

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
  // One summary per pod: shards would overwrite each other's job.json.
  const summaryKey = `${stackPrefix}${shard ? `job-shard-${shard.index}.json` : "job.json"}`;
  await deps.store.put(summaryKey, `${JSON.stringify(summary, null, 2)}\n`);
  deps.log(`job: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(", ")}; summary at ${deps.store.where}/${summaryKey}`);
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
      const part = fleet ? shard : undefined;
      const share = part ? shareOf(profile, part) : undefined;
      const hcps = !fleet ? spec.hcps.slice(0, 1) : share ? share.hcps : spec.hcps;
      const loadTargets = await targets.of(hcps, deps.signal);
      // The fleet's pods are sampled once, by shard 0: every shard sampling them would count them K times.
      if (lead) sampler = new PodMetricsSampler({ api: deps.api, intervalMs: spec.sampling.intervalMs, ...samplingGroupsFor(spec.sampling, fleet ? "fleet" : hcps[0]) });
      const budgetS = spec.pointTimeoutSeconds[profile]!;
      budget = deadline(budgetS * 1000, deps.signal);
      const signal = budget.signal;

      deps.log(`${label}: start against ${fleet ? `${hcps.length} HCPs${part ? ` (shard ${part.index} of ${part.count})` : ""}` : hcps[0].name} (budget ${budgetS} s)`);
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
        ...(sampler ? { resourceSampler: sampler } : {}),
        ...(part ? { histograms: true } : {}),
        ...(share?.hotFraction !== undefined ? { hotFraction: share.hotFraction } : {}),
        log: (line) => deps.log(`${label}: ${line}`),
      });

      const dir = `${stackPrefix}${pointDir(point)}/`;
      if (part) {
        // Only this shard's part: shard 0 merges the parts into the point's result.json, and
        // uploads the fleet's resources.json, which it alone sampled.
        const fleetResources = sampler?.summary();
        if (fleetResources) await deps.store.put(`${dir}resources.json`, `${JSON.stringify(fleetResources, null, 2)}\n`, { [partialMetadataKey]: String(result.partial) });
        await deps.store.put(`${dir}${shardResultFile(part.index)}`, resultJson(result), { [partialMetadataKey]: String(result.partial) });
        deps.log(`${label}: shard ${part.index} ${result.partial ? `partial (${result.partialReason ?? "interrupted"})` : "done"} in ${took()} s, uploaded to ${dir}${shardResultFile(part.index)}`);
        return { ...point, status: result.partial ? "partial" : "done", key, durationS: took(), ...(result.partial ? { reason: result.partialReason ?? "interrupted" } : {}) };
      }
      const resources = sampler?.summary();
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

  /** A fleet point's HCPs for one shard; for mixed-hot, with the hot fraction that keeps the fleet's hot HCPs hot (hcpShards.ts). */
  function shareOf(profile: ProfileName, part: JobShard): { hcps: BenchJobSpec["hcps"]; hotFraction?: number } {
    if (profile !== "mixed-hot") return { hcps: shardOf(spec.hcps, part.index, part.count) };
    const { items, hotFraction } = hotShardOf(spec.hcps, part.index, part.count, hotHcpCount(spec.hcps.length));
    return { hcps: items, hotFraction };
  }

  /** Shard 0, once every shard is past the point: the shards' results as the point's perf.csv and result.json (resources.json is already there). */
  async function mergePoint(point: BenchPoint, own: PointRecord): Promise<PointRecord> {
    const label = `${point.profile} c${point.concurrency} run ${point.run}`;
    const dir = `${stackPrefix}${pointDir(point)}/`;
    try {
      const count = shard!.count;
      const present = new Set(await deps.store.keys(`${dir}shards/`));
      const parts = await Promise.all(
        Array.from({ length: count }, async (_, i) => (present.has(`${dir}${shardResultFile(i)}`) ? (JSON.parse(await deps.store.get(`${dir}${shardResultFile(i)}`)) as LoadgenResult) : undefined)),
      );
      const shardsMerged = mergeShardResults(parts);
      // Each shard's hot fraction only placed its own hot share: the point ran at the fleet's.
      const merged = shardsMerged.settings.hotFraction === undefined ? shardsMerged : { ...shardsMerged, settings: { ...shardsMerged.settings, hotFraction: defaultHotFraction } };
      await deps.store.putPoint(
        dir,
        [
          { name: "perf.csv", body: perfCsv(merged) },
          { name: "result.json", body: resultJson(merged) },
        ],
        merged.partial,
      );
      deps.log(`${label}: merged ${merged.shards!.merged.length} of ${count} shards into ${dir}result.json${merged.partial ? ` (partial: ${merged.partialReason})` : ""}`);
      return merged.partial ? { ...own, status: "partial", reason: merged.partialReason } : own;
    } catch (e) {
      deps.log(`${label}: merging the shards failed: ${errorText(e)}`);
      return { ...own, status: "failed", reason: `merging the shards: ${errorText(e)}` };
    }
  }
}

/** Exit code: 0 only when every point is done or was already done. */
export function exitCodeOf(summary: JobSummary): number {
  if (summary.interrupted) return 143;
  return summary.counts.partial + summary.counts.failed + summary.counts["not-run"] > 0 ? 1 : 0;
}
