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

/**
 * The EBS CSI driver's per-class volume tags: parameters `tagSpecification_1`,
 * `tagSpecification_2`, ... each `key=value` (aws-ebs-csi-driver docs/tagging.md).
 * Provider default tags never reach volumes the driver creates, so without
 * these `hcpbench gc` could not find a volume a failed destroy left behind.
 */
export function volumeTagParameters(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([k, v], i) => [`tagSpecification_${i + 1}`, `${k}=${v}`]));
}

export function ebsStorageClass(name: string, az: string, parameters: Record<string, string>, volumeTags: Record<string, string> = {}): StorageClassObject {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name, labels: { "app.kubernetes.io/managed-by": "hcpbench" } },
    provisioner: ebsCsiProvisioner,
    parameters: { "csi.storage.k8s.io/fstype": "ext4", encrypted: "true", ...parameters, ...volumeTagParameters(volumeTags) },
    reclaimPolicy: "Delete",
    // The volume is created where its pod is scheduled, which the pool's node selector already fixes.
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
    allowedTopologies: [{ matchLabelExpressions: [{ key: ebsZoneTopologyKey, values: [az] }] }],
  };
}
