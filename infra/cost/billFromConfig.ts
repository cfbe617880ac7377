import type { Config } from "../config/schema";
import { poolsFor } from "../substrate/pools";
import { emptyBill, type Bill } from "./bill";
import { plannedVolumes } from "./plannedVolumes";

/**
 * The same bill as billFromResources, from config alone (no program run), for
 * `sweep --dry-run` over every stack: the pools the backend needs with their
 * configured types, counts and root volumes, the datastore volumes, one EKS
 * cluster, one NAT gateway with its address, one KMS key.
 */
export function billFromConfig(cfg: Config): Bill {
  if (cfg.substrate === "existing") return emptyBill(cfg.aws.region);
  return {
    region: cfg.aws.region,
    nodes: poolsFor(cfg).map((pool) => {
      const p = cfg.cluster.pools[pool];
      return { pool, instanceType: p.instanceType, count: p.count, rootVolumeGiB: p.diskGiB };
    }),
    volumes: plannedVolumes(cfg),
    eksClusters: 1,
    natGateways: 1,
    publicIpv4Addresses: 1,
    kmsKeys: 1,
  };
}
