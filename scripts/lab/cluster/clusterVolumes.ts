import type { V1PersistentVolume, V1StorageClass } from "@kubernetes/client-node";
import * as path from "node:path";

/**
 * Storage of the local cluster: a StorageClass without a provisioner and a
 * stock of static hostPath PersistentVolumes, so the StatefulSets' claims
 * are bound by the real PV controller (Immediate binding: a claim binds the
 * smallest free volume that fits as soon as it exists, before its pod is
 * scheduled). Nothing ever writes to them: kwok runs no containers.
 */
export const clusterStorageClass = "hcpbench-lab";

export interface VolumeStock {
  readonly sizeGi: number;
  readonly count: number;
}

/** Small ones for the per-HCP and local stack's 5 GiB claims, larger ones for the AWS stacks' database and MinIO sizes. */
export const defaultVolumeStock: readonly VolumeStock[] = [
  { sizeGi: 5, count: 20 },
  { sizeGi: 20, count: 20 },
  { sizeGi: 100, count: 10 },
];

export function storageClassObject(): V1StorageClass {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: clusterStorageClass },
    provisioner: "kubernetes.io/no-provisioner",
    volumeBindingMode: "Immediate",
    // Static volumes: a released one keeps its data folder until `lab cluster down` removes the lab.
    reclaimPolicy: "Retain",
  };
}

export function volumeName(sizeGi: number, index: number): string {
  return `${clusterStorageClass}-${sizeGi}gi-${String(index).padStart(2, "0")}`;
}

/** One PersistentVolume per stock entry and index, each on its own folder under `root`. */
export function hostPathVolumes(root: string, stock: readonly VolumeStock[] = defaultVolumeStock): V1PersistentVolume[] {
  return stock.flatMap(({ sizeGi, count }) =>
    Array.from({ length: count }, (_, i): V1PersistentVolume => {
      const name = volumeName(sizeGi, i + 1);
      return {
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name },
        spec: {
          storageClassName: clusterStorageClass,
          capacity: { storage: `${sizeGi}Gi` },
          accessModes: ["ReadWriteOnce"],
          persistentVolumeReclaimPolicy: "Retain",
          hostPath: { path: path.join(root, name), type: "DirectoryOrCreate" },
        },
      };
    }),
  );
}
