import * as fs from "node:fs";
import { InputError } from "../../infra/names/inputError";
import { defaultWatchStallS } from "./loadgenResult";
import { defaultNamespace, defaultPhaseTimeoutMs, defaultRequestTimeoutMs, defaultWarmup, defaultWatchers, targetList, type LoadgenOptions } from "./loadgenOptions";
import type { Profile, ResolvedSettings } from "./profiles/profile";
import { profiles } from "./profiles/registry";
import { loadedTargets } from "./profiles/mixedLoad";
import { profileNames, type ProfileName } from "../../infra/names/profiles";
import { watchWorkerFile } from "./watch/watcherPool";
import { parseSlo, type Slo } from "./slo/sloExpression";
import { isInputError } from "../../infra/names/inputError";

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Checks every option and fills in the profile's defaults. All problems are
 * reported together, one line each, naming the CLI flag, before any load.
 */
export function resolveSettings(opts: LoadgenOptions): { profile: Profile; settings: ResolvedSettings; payloadBytes: number; connections: number; slo: Slo } {
  const problems: string[] = [];
  if (!(profileNames as readonly string[]).includes(opts.profile)) {
    throw new InputError(`--profile: must be one of ${profileNames.join(", ")} (got "${String(opts.profile)}")`);
  }
  const profile = profiles[opts.profile as ProfileName];
  const whole = (flag: string, v: number | undefined, min: number, fallback: number): number => {
    if (v === undefined) return fallback;
    if (!Number.isSafeInteger(v) || v < min) problems.push(`${flag}: must be a whole number, ${min} or more (got ${v})`);
    return v;
  };
  const positive = (flag: string, v: number | undefined): number | undefined => {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) problems.push(`${flag}: must be a number above 0 (got ${v})`);
    return v;
  };
  const fraction = (flag: string, v: number | undefined, fallback: number, allowZero: boolean): number => {
    if (v === undefined) return fallback;
    if (!(Number.isFinite(v) && v <= 1 && (allowZero ? v >= 0 : v > 0))) problems.push(`${flag}: must be a fraction ${allowZero ? "from 0" : "above 0"} to 1 (got ${v})`);
    return v;
  };

  const targets = targetList(opts.target);
  if (targets.length === 0) problems.push("--target: at least one target is needed");
  if (!profile.multiTarget && targets.length > 1) problems.push(`--target: profile ${profile.name} takes one target (got ${targets.length}); mixed-hot and mixed-uniform take several`);
  const ops = whole("--ops", opts.ops, 1, profile.defaults.ops);
  const concurrency = whole("--concurrency", opts.concurrency, 1, profile.defaults.concurrency);
  const namespace = opts.namespace ?? defaultNamespace;
  if (!dnsLabel.test(namespace)) problems.push(`--namespace: must be a DNS label (lower-case letters, digits, "-"; got "${namespace}")`);
  if ((opts.qps === undefined) !== (opts.burst === undefined)) problems.push("--qps/--burst: give both, or neither (client-side rate limiting stays off)");
  positive("--qps", opts.qps);
  if (opts.burst !== undefined) whole("--burst", opts.burst, 1, 1);
  const payloadBytes = whole("--payload-bytes", opts.payloadBytes, 0, 128);
  // Operation connections per target: by default one per client, so no request waits for a connection.
  const connections = whole("--connections", opts.connections, 1, concurrency);
  if (payloadBytes > 1_000_000) problems.push(`--payload-bytes: must be at most 1000000 (etcd's request limit is 1.5 MiB; got ${payloadBytes})`);
  const settings: ResolvedSettings = {
    ops,
    concurrency,
    warmup: whole("--warmup", opts.warmup, 0, defaultWarmup),
    watchers: whole("--watchers", opts.watchers, 1, profile.defaults.watchers ?? defaultWatchers),
    watchWorkers: whole("--watch-workers", opts.watchWorkers, 0, 0),
    ...(opts.rate !== undefined || profile.defaults.rate !== undefined ? { rate: positive("--rate", opts.rate) ?? profile.defaults.rate } : {}),
    lists: whole("--lists", opts.lists, 1, concurrency),
    readFraction: fraction("--read-fraction", opts.readFraction, 0.5, true),
    hotFraction: fraction("--hot-fraction", opts.hotFraction, 0.1, false),
    ...(opts.coldRate !== undefined ? { coldRate: opts.coldRate } : {}),
    requestTimeoutMs: whole("--request-timeout", opts.requestTimeoutMs, 1, defaultRequestTimeoutMs),
    phaseTimeoutMs: whole("--phase-timeout", opts.phaseTimeoutMs, 1, defaultPhaseTimeoutMs),
    namespace,
    watchStallS: positive("--watch-stall-seconds", opts.watchStallSeconds) ?? defaultWatchStallS,
  };
  if (opts.coldRate !== undefined) {
    const hot = settings.rate ?? 0;
    if (profile.name !== "mixed-hot") problems.push(`--cold-rate: only mixed-hot has cold tenants (got profile ${profile.name})`);
    else if (!(Number.isFinite(opts.coldRate) && opts.coldRate > 0 && opts.coldRate <= hot)) problems.push(`--cold-rate: tenant rate out of range: must be above 0 and at most the hot rate ${hot} ops/s (got ${opts.coldRate})`);
    else if (loadedTargets(targets.length, settings.hotFraction) >= targets.length)
      problems.push(`--cold-rate: tenant count out of range: ${targets.length} target(s) with --hot-fraction ${settings.hotFraction} leave no cold HCP; give more targets or a smaller hot share`);
  }
  if (settings.watchWorkers > 0 && !fs.existsSync(watchWorkerFile)) problems.push(`--watch-workers: worker threads need the load generator's module files (${watchWorkerFile} is missing, e.g. in a single-file bundle); use 0`);
  if (opts.run !== undefined) whole("run", opts.run, 1, 1);
  if (opts.runs !== undefined) whole("--runs", opts.runs, 1, 1);
  let slo: Slo = [];
  try {
    slo = parseSlo(opts.slo);
  } catch (err) {
    if (!isInputError(err)) throw err;
    problems.push(...err.problems);
  }
  if (problems.length > 0) throw new InputError(problems);
  return { profile, settings, payloadBytes, connections, slo };
}
