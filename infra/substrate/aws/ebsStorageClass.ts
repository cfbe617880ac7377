/** Shared shape of the EBS CSI storage classes (the io2 and gp3 builders fill in the rest). */
export const ebsCsiProvisioner = "ebs.csi.aws.com";

/** Topology key the EBS CSI driver reports for a node's zone; allowedTopologies pins volumes to the test-bed's zone. */
export const ebsZoneTopologyKey = "topology.ebs.csi.aws.com/zone";

export interface StorageClassObject {
  apiVersion: "storage.k8s.io/v1";
  kind: "StorageClass";
  metadata: { name: string; labels: Record<string, string> };
  provisioner: string;
  parameters: Record<string, string>;
  reclaimPolicy: "Delete" | "Retain";
  volumeBindingMode: "WaitForFirstConsumer" | "Immediate";
  allowVolumeExpansion: boolean;
  allowedTopologies: { matchLabelExpressions: { key: string; values: string[] }[] }[];
}

export function ebsStorageClass(name: string, az: string, parameters: Record<string, string>): StorageClassObject {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name, labels: { "app.kubernetes.io/managed-by": "hcpbench" } },
    provisioner: ebsCsiProvisioner,
    parameters: { "csi.storage.k8s.io/fstype": "ext4", encrypted: "true", ...parameters },
    reclaimPolicy: "Delete",
    // The volume is created where its pod is scheduled, which the pool's node selector already fixes.
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
    allowedTopologies: [{ matchLabelExpressions: [{ key: ebsZoneTopologyKey, values: [az] }] }],
  };
}
