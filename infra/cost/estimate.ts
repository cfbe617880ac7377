import type { Config } from "../config/schema";
import type { PlannedResource } from "../plan/evaluate";
import { priceBill, type CostEstimate } from "./bill";
import { billFromConfig } from "./billFromConfig";
import { billFromResources } from "./billFromResources";

export type { CostEstimate, CostItem } from "./bill";

/** Hourly on-demand cost of a planned test-bed, from the resources the program registers, on the run's date `at`. */
export function estimateHourlyCost(cfg: Config, resources: readonly PlannedResource[], at = new Date()): CostEstimate {
  return priceBill(billFromResources(cfg, resources), { kubernetesVersion: cfg.cluster.kubernetesVersion, at });
}

/** The same figure from config alone, with no program run: for `sweep --dry-run` over many stacks. */
export function estimateHourlyCostFromConfig(cfg: Config, at = new Date()): CostEstimate {
  return priceBill(billFromConfig(cfg), { kubernetesVersion: cfg.cluster.kubernetesVersion, at });
}
