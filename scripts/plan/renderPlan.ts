import type { Config } from "../../infra/config/schema";
import type { CostEstimate } from "../../infra/cost/estimate";
import type { PlannedResource } from "../../infra/plan/evaluate";
import { componentTree, renderTree, resourceTotals } from "./planTree";

const usd = (n: number, digits = 2) => `$${n.toFixed(digits)}`;

export function renderCost(cfg: Config, cost: CostEstimate): string[] {
  if (cost.items.length === 0) {
    return ["", `Cost: ${usd(0)} per hour: the ${cfg.substrate} substrate creates nothing billable of its own.`];
  }
  const lines = [
    "",
    `Estimated cost: ${usd(cost.hourlyUsd)} per hour, ${usd(cost.hourlyUsd * 24)} per day ` +
      `(on-demand prices of ${cfg.aws.region} as of ${cost.pricesAsOf})`,
  ];
  const width = Math.max(...cost.items.map((i) => i.item.length));
  for (const i of cost.items) {
    const qty = `${i.quantity.toLocaleString("en-US")} ${i.unit}`;
    lines.push(`  ${i.item.padEnd(width)}  ${qty.padStart(22)} × ${usd(i.unitUsd, 5).padStart(9)}  = ${usd(i.hourlyUsd, 4).padStart(9)}/h`);
  }
  for (const note of cost.notes) lines.push(`  not included: ${note}`);
  return lines;
}

/** The human-readable plan: header, resource tree by layer, totals, cost, warnings. */
export function renderHumanPlan(
  stack: string,
  cfg: Config,
  resources: readonly PlannedResource[],
  cost: CostEstimate,
  warnings: readonly string[],
): string {
  const tree = componentTree(resources);
  const totals = resourceTotals(tree);
  const where = cfg.substrate === "aws" ? `aws ${cfg.aws.az}` : "existing cluster";
  const lines = [
    `Plan for stack ${stack}: ${cfg.fleet.count} × ${cfg.fleet.backend} (preset ${cfg.fleet.preset}, ${cfg.fleet.replicas} replica${cfg.fleet.replicas > 1 ? "s" : ""}) on ${where}`,
    ...renderTree(tree),
    "",
    `Resources: ${totals.total} (${totals.byLayer.map(([l, n]) => `${l} ${n}`).join(", ")}; ${totals.byPackage.map(([p, n]) => `${p} ${n}`).join(", ")})`,
    ...renderCost(cfg, cost),
  ];
  if (warnings.length > 0) lines.push("", "Warnings:", ...warnings.map((w) => `  ! ${w}`));
  return `${lines.join("\n")}\n`;
}
