import * as os from "node:os";
import { InputError } from "../../../infra/names/inputError";
import type { CapacitySearch, CapacityStep, LoadgenResult } from "../loadgenResult";
import { resolveSettings } from "../loadgenSettings";
import { targetList, type LoadgenOptions } from "../loadgenOptions";
import { runLoadgen } from "../runLoadgen";
import { capacityFound, capacityStrategy, clientBound, nextTenantCount, type TriedCount } from "./capacitySearch";

const tried = (steps: readonly CapacityStep[]): TriedCount[] => steps.map((s) => ({ tenants: s.tenants, met: s.slo.met, ...(s.invalid ? { invalid: true } : {}) }));

/** One load generator core offers about 12,000 writes/s (bench:loadgen); a tenant rate above this measures the client, not the datastore. */
export const maxTenantRate = 10_000;
/** Fewer operations per tenant than this make p99 the slowest operation or close to it. */
export const minTenantOps = 100;

/** The checks --find-capacity adds to the load generator's own; one line each, before anything runs. */
export function capacityProblems(opts: LoadgenOptions, rate: number, ops: number): string[] {
  const problems: string[] = [];
  const fleet = targetList(opts.target).length;
  if (fleet < 2) problems.push(`--find-capacity: needs a fleet target: at least 2 HCP targets on one datastore (repeat --target or comma-separate; got ${fleet})`);
  if (opts.profile !== "mixed-uniform") problems.push(`--find-capacity: loads the first k HCPs with mixed-uniform; use --profile mixed-uniform (got ${opts.profile})`);
  if (!(rate > 0 && rate <= maxTenantRate)) problems.push(`--rate: tenant rate out of range for --find-capacity: above 0 and at most ${maxTenantRate} ops/s per tenant (got ${rate})`);
  if (ops < minTenantOps) problems.push(`--ops: tenant operation count out of range for --find-capacity: at least ${minTenantOps} per tenant, so p99 is not just the slowest operation (got ${ops})`);
  if ((opts.runs ?? 1) !== 1) problems.push(`--runs: --find-capacity runs each tenant count once (got ${opts.runs})`);
  return problems;
}

export function hardware(): CapacitySearch["hardware"] {
  const cpus = os.cpus();
  return { cores: cpus.length, cpuModel: cpus[0]?.model.trim() ?? "unknown", memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10 };
}

export function capacityOutcome(s: Omit<CapacitySearch, "outcome">): string {
  const hw = `${s.hardware.cores} cores (${s.hardware.cpuModel}), ${s.hardware.memoryGiB} GiB memory`;
  const bound = s.steps.find((t) => t.invalid && !t.slo.met);
  const holds = bound
    ? `at least ${s.tenants} HCPs (at ${bound.tenants} the saturated load generator broke the SLO, so the datastore's limit was not reached; give the load generator more cores)`
    : s.atLeast
      ? `at least ${s.tenants} HCPs (every target given met the SLO)`
      : `${s.tenants} HCP${s.tenants === 1 ? "" : "s"}`;
  // A step whose load generator was saturated measured the machine as much as the datastore: said on the line itself.
  const invalid = s.steps.filter((t) => t.invalid).length;
  const caveat = invalid > 0 ? `; ${invalid} of ${s.steps.length} steps invalid (load generator saturated)` : "";
  return `this ${s.datastore} on ${hw} holds ${holds} at ${s.ratePerTenant} ops/s each (SLO ${s.slo})${caveat}`;
}

export interface CapacityRun {
  readonly search: CapacitySearch;
  /** The step at the capacity found (the first step when even one tenant broke the SLO), with the search attached. */
  readonly result: LoadgenResult;
  /** Every step's own result, in the order tried. */
  readonly steps: readonly LoadgenResult[];
}

/**
 * --find-capacity: mixed-uniform at the given per-tenant rate on the first k
 * targets (HCPs sharing one datastore), k chosen by capacitySearch, until the
 * largest k that meets the SLO is known. Bad options throw InputError first.
 */
export async function findCapacity(opts: LoadgenOptions, onStep?: (result: LoadgenResult, step: CapacityStep) => void | Promise<void>): Promise<CapacityRun> {
  const { settings, slo } = resolveSettings(opts);
  const rate = settings.rate ?? 0;
  const problems = capacityProblems(opts, rate, settings.ops);
  if (problems.length > 0) throw new InputError(problems);
  const targets = targetList(opts.target);
  const steps: CapacityStep[] = [];
  const results: LoadgenResult[] = [];
  for (let k = nextTenantCount([], targets.length); k !== undefined; k = nextTenantCount(tried(steps), targets.length)) {
    const labels = opts.labels ?? {};
    const result = await runLoadgen({ ...opts, target: targets.slice(0, k), labels: { ...labels, extra: { ...(labels.extra ?? {}), tenants: String(k) } } });
    const step: CapacityStep = { tenants: k, slo: result.slo!, offeredRate: result.rates?.offered ?? rate * k, achievedRate: result.rates?.achieved ?? 0, ...(result.invalid ? { invalid: result.invalid } : {}) };
    steps.push(step);
    results.push(result);
    await onStep?.(result, step);
    if (result.partial) break;
  }
  const tenants = capacityFound(tried(steps));
  const interrupted = results.some((r) => r.partial);
  const base = {
    strategy: capacityStrategy,
    datastore: opts.labels?.storageName ?? "datastore",
    hardware: hardware(),
    ratePerTenant: rate,
    maxTenants: targets.length,
    slo: results[0]?.slo?.expression ?? "",
    steps,
    tenants,
    atLeast: !interrupted && (tenants === targets.length || clientBound(tried(steps)) !== undefined),
  };
  const search: CapacitySearch = { ...base, outcome: `${capacityOutcome(base)}${interrupted ? " (search interrupted: a lower bound)" : ""}` };
  const at = results.find((r, i) => steps[i].tenants === tenants) ?? results[0];
  return { search, result: { ...at, capacitySearch: search }, steps: results };
}
