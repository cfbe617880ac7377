// PLACEHOLDER (scaffolding, replaced by the bench work).
import type { Config } from "../../infra/config/schema";
import type { Substrate } from "../../infra/substrate/substrate";
import type { Fleet } from "../fleet/fleetOutputs";
export interface Bench { readonly jobNames: readonly string[] }
export function createBench(_cfg: Config, _substrate: Substrate, _fleet: Fleet): Bench {
  return { jobNames: [] };
}
