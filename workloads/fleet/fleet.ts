// PLACEHOLDER (scaffolding, replaced by the fleet work).
import type { Config } from "../../infra/config/schema";
import type { Substrate } from "../../infra/substrate/substrate";
import type { Platform } from "../../infra/platform/platformOutputs";
import type { Fleet } from "./fleetOutputs";
export function createFleet(_cfg: Config, _substrate: Substrate, _platform: Platform): Fleet {
  return { hcps: [], ready: [] };
}
