import type { Config } from "../../config/schema";
import { ebsStorageClass, type StorageClassObject } from "./ebsStorageClass";

export const gp3StorageClassName = "hcpbench-gp3";

/** Everything that is not a database: MinIO, Prometheus, per-HCP etcd. gp3's baseline (3000 IOPS, 125 MiB/s) comes free with the size. */
export function gp3StorageClass(cfg: Config, volumeTags: Record<string, string> = {}): StorageClassObject {
  return ebsStorageClass(gp3StorageClassName, cfg.aws.az, { type: "gp3" }, volumeTags);
}
