import type { Config } from "../config/schema";
import { kamajiEtcdEndpoints } from "../platform/kamaji/kamajiEtcdRelease";
import { prometheusStorage } from "../platform/monitoring/kubePrometheusStackRelease";
import { platformPieces } from "../platform/platformPieces";
import { databaseEnginesFor } from "../substrate/pools";
import type { VolumeLine } from "./bill";

/** GiB of the volume inside each HCP replica, per backend (sizes chosen in workloads/backends/<backend>.ts). */
export const perHcpVolumeGiB: Readonly<Partial<Record<string, number>>> = { etcd: 1, "kine-nats-embedded": 1 };

/** Volume sizes the platform gives these charts (infra/platform/datastores/t4Release.ts, natsRelease.ts, kamaji/kamajiEtcdRelease.ts). */
export const datastoreVolumeGiB = { t4: 20, nats: 20, kamajiEtcd: 20 } as const;

/**
 * The EBS volumes an AWS stack claims, known from config alone:
 * - on the database class (io2 with `databases.volume.iops` each): one volume
 *   per SQL server the backend needs (`databases.volume.sizeGiB`);
 * - on the datastore class (io2 with `databases.datastoreIops` each): T4's,
 *   NATS JetStream's, and one per kamaji-etcd member;
 * - on the general class (gp3): Prometheus, MinIO (`objectStore.storageGiB`)
 *   when T4 needs it, and the volume inside each HCP replica for backends
 *   that keep their storage there.
 * The cost test compares this with the volumes the program registers, so a
 * platform or backend change that adds or resizes a volume shows up there.
 */
export function plannedVolumes(cfg: Config): VolumeLine[] {
  const { sizeGiB, iops } = cfg.databases.volume;
  const pieces = platformPieces(cfg, { kind: "s3" });
  const io2 = (owner: string, size: number, count = 1, volumeIops = iops): VolumeLine => ({ owner, type: "io2", sizeGiB: size, iops: volumeIops, count });
  const datastoreIops = cfg.databases.datastoreIops;
  const gp3 = (owner: string, size: number, count = 1): VolumeLine => ({ owner, type: "gp3", sizeGiB: size, iops: 0, count });
  const lines: VolumeLine[] = databaseEnginesFor(cfg).map((engine) => io2(`${engine} data`, sizeGiB));
  if (pieces.t4) lines.push(io2("T4 data", datastoreVolumeGiB.t4, 1, datastoreIops));
  if (pieces.nats) lines.push(io2("NATS JetStream", datastoreVolumeGiB.nats, 1, datastoreIops));
  if (pieces.kamajiEtcd) lines.push(io2("kamaji-etcd members", datastoreVolumeGiB.kamajiEtcd, kamajiEtcdEndpoints.length, datastoreIops));
  lines.push(gp3("Prometheus", prometheusStorage.volumeGi));
  if (pieces.minio) lines.push(gp3("MinIO data", cfg.objectStore.storageGiB));
  const perHcp = perHcpVolumeGiB[cfg.fleet.backend];
  // Node-local (cluster.hcpStorage=local-path) they are part of the hcp nodes' root volumes.
  if (perHcp !== undefined && cfg.cluster.hcpStorage === "ebs") lines.push(gp3("volume of each HCP", perHcp, cfg.fleet.count * cfg.fleet.replicas));
  return lines;
}
