// PLACEHOLDER (scaffolding, replaced by the platform work).
import type { Config } from "../config/schema";
import type { Substrate } from "../substrate/substrate";
import type { Platform } from "./platformOutputs";
export function createPlatform(_cfg: Config, _substrate: Substrate): Platform {
  return { ready: [] };
}
