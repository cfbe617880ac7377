import { instanceTypes } from "../../infra/aws/catalog";
import type { Config } from "../../infra/config/schema";
import { sizePresets } from "../../infra/names/presets";

/**
 * Things that are valid but probably not what the user wants; `plan` prints
 * them, nothing refuses them. Each names the setting to change.
 */
export function planWarnings(cfg: Config): string[] {
  const warnings: string[] = [];
  if (cfg.substrate === "aws") {
    if (cfg.aws.apiAccessCidrs.length === 0) {
      warnings.push(
        "hcpbench:aws.apiAccessCidrs is empty: the EKS API endpoint is private only, so `hcpbench up` run from outside the VPC " +
          "cannot reach the cluster. Add your address, e.g. --set 'aws.apiAccessCidrs=[198.51.100.7/32]'.",
      );
    }
    if (!cfg.results.keepBucket) {
      warnings.push("hcpbench:results.keepBucket is false: destroying the stack deletes the results bucket with every result in it.");
    }
    const preset = sizePresets[cfg.fleet.preset] as { memoryMiB?: number };
    if (preset.memoryMiB !== undefined) {
      const neededGiB = (preset.memoryMiB * cfg.fleet.count * cfg.fleet.replicas) / 1024;
      const pool = cfg.cluster.pools.hcp;
      const poolGiB = instanceTypes[pool.instanceType].memoryGiB * pool.count;
      if (neededGiB > poolGiB * 0.9) {
        warnings.push(
          `HCP memory limits add up to ${neededGiB.toFixed(0)} GiB (${cfg.fleet.count} × ${cfg.fleet.replicas} × ${preset.memoryMiB} MiB, preset ${cfg.fleet.preset}) ` +
            `but the hcp pool has ${poolGiB} GiB (${pool.count} × ${pool.instanceType}): raise hcpbench:cluster.pools.hcp.count or pick a smaller preset.`,
        );
      }
    }
  }
  if (!cfg.bench.enabled) warnings.push("hcpbench:bench.enabled is false: `up` builds the test-bed and fleet but runs no load.");
  return warnings;
}
