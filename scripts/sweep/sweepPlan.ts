import type { Config } from "../../infra/config/schema";
import { estimateHourlyCostFromConfig } from "../../infra/cost/estimate";
import type { PublishedReference } from "../report/publishedReference";
import { estimateStack, formatDuration, wallTime, type StackEstimate } from "./durationModel";

export interface StackPlan {
  readonly stack: string;
  readonly cfg: Config;
  readonly estimate: StackEstimate;
  readonly hourlyUsd: number;
  /** Hourly cost over the stack's modelled life (up to destroyed). */
  readonly costUsd: number;
  /** Every result is already there: a resumed sweep skips the stack. */
  readonly alreadyDone: boolean;
}

export interface SweepPlan {
  readonly sweepId: string;
  readonly parallel: number;
  readonly stacks: readonly StackPlan[];
  /** Sum of every stack's modelled time. */
  readonly stackHours: number;
  /** Wall time with `parallel` stacks at once. */
  readonly wallS: number;
  readonly costUsd: number;
}

/** Pure: the whole sweep's modelled time and cost, creating nothing. */
export function planSweep(input: {
  sweepId: string;
  parallel: number;
  stacks: readonly { stack: string; cfg: Config; alreadyDone: boolean }[];
  reference: PublishedReference;
  /** The day the stacks run, which sets the EKS support tier (default: now). */
  at?: Date;
}): SweepPlan {
  const stacks = input.stacks.map(({ stack, cfg, alreadyDone }) => {
    const estimate = estimateStack(cfg, input.reference);
    const hourlyUsd = estimateHourlyCostFromConfig(cfg, input.at).hourlyUsd;
    return { stack, cfg, estimate, hourlyUsd, costUsd: alreadyDone ? 0 : (hourlyUsd * estimate.totalS) / 3600, alreadyDone };
  });
  const todo = stacks.filter((s) => !s.alreadyDone);
  return {
    sweepId: input.sweepId,
    parallel: input.parallel,
    stacks,
    stackHours: todo.reduce((s, x) => s + x.estimate.totalS, 0) / 3600,
    wallS: wallTime(
      todo.map((s) => s.estimate.totalS),
      input.parallel,
    ),
    costUsd: todo.reduce((s, x) => s + x.costUsd, 0),
  };
}

const usd = (x: number) => `$${x.toFixed(2)}`;

function pad(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ")).join("\n");
}

export function renderSweepPlan(plan: SweepPlan): string {
  const step = (s: StackPlan, name: string) => formatDuration(s.estimate.steps.find((x) => x.step === name)?.seconds ?? 0);
  const rows = [
    ["stack", "HCPs", "points", "up+fleet", "bench", "destroy", "total", "$/hour", "cost"],
    ...plan.stacks.map((s) =>
      s.alreadyDone
        ? [s.stack, String(s.cfg.fleet.count), String(s.estimate.points), "-", "-", "-", "done", usd(s.hourlyUsd), usd(0)]
        : [s.stack, String(s.cfg.fleet.count), String(s.estimate.points), step(s, "up-fleet"), step(s, "bench"), step(s, "destroy"), formatDuration(s.estimate.totalS), usd(s.hourlyUsd), usd(s.costUsd)],
    ),
  ];
  const todo = plan.stacks.filter((s) => !s.alreadyDone).length;
  return [
    `sweep ${plan.sweepId} (dry run: nothing is created)`,
    pad(rows),
    "",
    `${todo} of ${plan.stacks.length} stacks to run, ${plan.parallel} at a time: about ${formatDuration(plan.wallS)} wall time, ` +
      `${plan.stackHours.toFixed(1)} stack-hours, about ${usd(plan.costUsd)} on-demand.`,
    "Durations come from the model in scripts/sweep/durationModel.ts (published readiness and throughput where known); cost from infra/cost (hourly on-demand x modelled hours).",
  ].join("\n");
}
