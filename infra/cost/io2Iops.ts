import type { Config } from "../config/schema";
import { platformPieces } from "../platform/platformPieces";
import { datastoreVolumeGiB } from "./plannedVolumes";

/**
 * io2 takes at most 1000 provisioned IOPS per GiB, and 256,000 per volume (EBS user guide, "Provisioned
 * IOPS SSD volumes", https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html).
 */
export const io2IopsPerGiB = 1000;

/**
 * One line per shared datastore volume whose IOPS its own size cannot carry; EBS would refuse the
 * claim during `up`. (The SQL servers' volume is checked by the schema against databases.volume.sizeGiB.)
 */
export function datastoreIopsProblems(cfg: Config): string[] {
  if (cfg.substrate !== "aws") return [];
  const pieces = platformPieces(cfg, { kind: "s3" });
  const kinds: [string, number][] = [];
  if (pieces.kamajiEtcd) kinds.push(["kamaji-etcd member", datastoreVolumeGiB.kamajiEtcd]);
  if (pieces.nats) kinds.push(["NATS JetStream", datastoreVolumeGiB.nats]);
  if (pieces.t4) kinds.push(["T4", datastoreVolumeGiB.t4]);
  const iops = cfg.databases.datastoreIops;
  return kinds
    .filter(([, sizeGiB]) => iops > sizeGiB * io2IopsPerGiB)
    .map(([kind, sizeGiB]) => `hcpbench:databases.datastoreIops: must be at most ${io2IopsPerGiB} per GiB of the ${sizeGiB} GiB ${kind} volume for io2: at most ${sizeGiB * io2IopsPerGiB} (got ${iops})`);
}
