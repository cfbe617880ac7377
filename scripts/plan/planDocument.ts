import type { Config } from "../../infra/config/schema";
import type { CostEstimate } from "../../infra/cost/estimate";
import type { Evaluation, PlannedResource } from "../../infra/plan/evaluate";

/**
 * One resource of a plan: its Pulumi type token, name, inputs as submitted,
 * and its place in the engine's graph (URN, parent URN, the URNs it depends
 * on), from which `up`'s creation order and `destroy`'s reverse order follow.
 */
export interface PlanResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent: string;
  readonly dependsOn: readonly string[];
  readonly inputs: Record<string, unknown>;
}

/** `hcpbench plan --json` and `plan.json` (ARCHITECTURE "Interfaces"). */
export interface PlanDocument {
  readonly stack: string;
  readonly config: Config;
  readonly resources: PlanResource[];
  readonly cost: CostEstimate;
}

/** hcpbench's own components only group resources; they create nothing, so a plan leaves them out. */
export function isGroupingComponent(r: Pick<PlannedResource, "type" | "custom">): boolean {
  return !r.custom && r.type.startsWith("hcpbench:");
}

export function planDocument(stack: string, cfg: Config, evaluation: Pick<Evaluation, "resources">, cost: CostEstimate): PlanDocument {
  return {
    stack,
    config: cfg,
    // Grouping components stay out of the list, but resources keep them as parents: the URNs are the engine's.
    resources: evaluation.resources
      .filter((r) => !isGroupingComponent(r))
      .map((r) => ({ type: r.type, name: r.name, urn: r.urn, parent: r.parent, dependsOn: r.dependsOn, inputs: r.inputs })),
    cost,
  };
}
