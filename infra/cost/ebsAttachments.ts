import { instanceTypes, nitroSharedAttachmentSlots } from "../aws/catalog";
import type { Config, PoolName } from "../config/schema";
import { kamajiEtcdEndpoints } from "../platform/kamaji/kamajiEtcdRelease";
import { platformPieces } from "../platform/platformPieces";
import { databaseEnginesFor, poolsFor } from "../substrate/pools";
import { perHcpVolumeGiB } from "./plannedVolumes";

/**
 * EBS volumes each pool's nodes must attach, known from config alone: the
 * SQL servers' on their database pools; Prometheus, MinIO, T4, NATS and the
 * kamaji-etcd members on the control pool (every chart is placed there);
 * the per-HCP volumes on the hcp pool only when cluster.hcpStorage is `ebs`.
 */
export function ebsVolumesByPool(cfg: Config): Record<PoolName, number> {
  const pieces = platformPieces(cfg, { kind: "s3" });
  const byPool: Record<PoolName, number> = { control: 0, hcp: 0, "db-postgres": 0, "db-mysql": 0 };
  for (const engine of databaseEnginesFor(cfg)) byPool[`db-${engine}`] += 1;
  byPool.control += 1 + (pieces.minio ? 1 : 0) + (pieces.t4 ? 1 : 0) + (pieces.nats ? 1 : 0) + (pieces.kamajiEtcd ? kamajiEtcdEndpoints.length : 0);
  if (cfg.cluster.hcpStorage === "ebs" && perHcpVolumeGiB[cfg.fleet.backend] !== undefined) byPool.hcp += cfg.fleet.count * cfg.fleet.replicas;
  return byPool;
}

/**
 * Data volumes one node of the type can always attach: the shared Nitro
 * slots less the root volume and as many network interfaces as the type
 * takes (the VPC CNI adds interfaces as pods arrive, up to that many).
 */
export function dataVolumeSlots(instanceType: keyof typeof instanceTypes): number {
  return nitroSharedAttachmentSlots - 1 - instanceTypes[instanceType].maxNetworkInterfaces;
}

/** One line per pool whose volumes cannot all attach (plan and up refuse the stack, exit 2). */
export function ebsAttachmentProblems(cfg: Config): string[] {
  if (cfg.substrate !== "aws") return [];
  const volumes = ebsVolumesByPool(cfg);
  return poolsFor(cfg).flatMap((pool) => {
    const { instanceType, count } = cfg.cluster.pools[pool];
    const slots = dataVolumeSlots(instanceType) * count;
    if (volumes[pool] <= slots) return [];
    return [
      `hcpbench:cluster.pools.${pool}: ${volumes[pool]} EBS volumes must attach to ${count} x ${instanceType}, which attach at most ${slots} ` +
        `(${nitroSharedAttachmentSlots} shared slots per node, less the root volume and up to ${instanceTypes[instanceType].maxNetworkInterfaces} network interfaces)` +
        (pool === "hcp" ? "; keep the per-HCP volumes node-local with hcpbench:cluster.hcpStorage=local-path" : "; add nodes to the pool"),
    ];
  });
}
