import type { Config } from "../../config/schema";
import { ebsStorageClass, type StorageClassObject } from "./ebsStorageClass";

export const ioTwoStorageClassName = "hcpbench-io2";

/**
 * Database and datastore volumes: io2 with a fixed number of provisioned IOPS
 * per volume (the driver's `iops` parameter), so the database volume of
 * `databases.volume.sizeGiB` gets exactly `databases.volume.iops`, as the
 * original run's 100 GB / 5000 IOPS disks did. `iopsPerGB` would instead
 * scale IOPS with each claim's size.
 */
export function ioTwoStorageClass(cfg: Config, volumeTags: Record<string, string> = {}): StorageClassObject {
  return ebsStorageClass(ioTwoStorageClassName, cfg.aws.az, { type: "io2", iops: String(cfg.databases.volume.iops) }, volumeTags);
}

export const ioTwoDatastoreStorageClassName = "hcpbench-io2-datastore";

/** The shared datastores' volumes (kamaji-etcd, NATS, T4): io2 with `databases.datastoreIops` each. */
export function ioTwoDatastoreStorageClass(cfg: Config, volumeTags: Record<string, string> = {}): StorageClassObject {
  return ebsStorageClass(ioTwoDatastoreStorageClassName, cfg.aws.az, { type: "io2", iops: String(cfg.databases.datastoreIops) }, volumeTags);
}
