import type { KubeObject } from "../../kubernetes/kubeObject";
import type { Placement } from "../substrate";

/**
 * Rancher's local-path provisioner (deploy/local-path-storage.yaml of
 * rancher/local-path-provisioner v0.0.32, rebuilt here as objects): a
 * PersistentVolume is a folder on the disk of the node its pod lands on. The
 * per-HCP volumes (etcd, embedded NATS) use it, so they take no EBS
 * attachment slot: an m5.4xlarge has 28, shared with its network interfaces
 * and root volume, far fewer than 100 HCPs (x3 for HA) on 3 nodes.
 */
export const localPathRelease = "v0.0.32";
export const localPathStorageClassName = "hcpbench-local";
export const localPathNamespace = "local-path-storage";
/** On the node's root volume (cluster.pools.hcp.diskGiB sizes it). */
export const localPathDirectory = "/var/lib/hcpbench/local-path";
const provisionerName = "rancher.io/local-path";
const serviceAccount = "local-path-provisioner-service-account";
const helperImage = "busybox:1.37.0";
const labels = { "app.kubernetes.io/name": "local-path-provisioner", "app.kubernetes.io/part-of": "hcpbench" };

/** The objects, namespace first. The controller goes where `controller` says; its helper pods run on whichever node holds the volume, so they tolerate every taint. */
export function localPathProvisionerObjects(controller: Placement): KubeObject[] {
  const ns = localPathNamespace;
  const setup = ["#!/bin/sh", "set -eu", 'mkdir -m 0777 -p "$VOL_DIR"'].join("\n");
  const teardown = ["#!/bin/sh", "set -eu", 'rm -rf "$VOL_DIR"'].join("\n");
  const helperPod = [
    "apiVersion: v1",
    "kind: Pod",
    "metadata:",
    "  name: helper-pod",
    "spec:",
    "  priorityClassName: system-node-critical",
    "  tolerations:",
    "  - operator: Exists",
    "  containers:",
    "  - name: helper-pod",
    `    image: ${helperImage}`,
    "    imagePullPolicy: IfNotPresent",
  ].join("\n");
  const config = { nodePathMap: [{ node: "DEFAULT_PATH_FOR_NON_LISTED_NODES", paths: [localPathDirectory] }] };
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: serviceAccount, namespace: ns, labels } },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "local-path-provisioner-role", namespace: ns, labels },
      rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch", "create", "patch", "update", "delete"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "local-path-provisioner-role", labels },
      rules: [
        { apiGroups: [""], resources: ["nodes", "persistentvolumeclaims", "configmaps", "pods", "pods/log"], verbs: ["get", "list", "watch"] },
        { apiGroups: [""], resources: ["persistentvolumes"], verbs: ["get", "list", "watch", "create", "patch", "update", "delete"] },
        { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
        { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["get", "list", "watch"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "local-path-provisioner-bind", namespace: ns, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "local-path-provisioner-role" },
      subjects: [{ kind: "ServiceAccount", name: serviceAccount, namespace: ns }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "local-path-provisioner-bind", labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "local-path-provisioner-role" },
      subjects: [{ kind: "ServiceAccount", name: serviceAccount, namespace: ns }],
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "local-path-config", namespace: ns, labels },
      data: { "config.json": JSON.stringify(config), setup, teardown, "helperPod.yaml": helperPod },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "local-path-provisioner", namespace: ns, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "local-path-provisioner" } },
        template: {
          metadata: { labels: { app: "local-path-provisioner" } },
          spec: {
            serviceAccountName: serviceAccount,
            nodeSelector: controller.nodeSelector,
            tolerations: controller.tolerations.map((t) => ({ ...t })),
            containers: [
              {
                name: "local-path-provisioner",
                image: `rancher/local-path-provisioner:${localPathRelease}`,
                imagePullPolicy: "IfNotPresent",
                command: ["local-path-provisioner", "start", "--config", "/etc/config/config.json", "--provisioner-name", provisionerName],
                volumeMounts: [{ name: "config-volume", mountPath: "/etc/config/" }],
                env: [
                  { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                  { name: "CONFIG_MOUNT_PATH", value: "/etc/config/" },
                ],
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                securityContext: { allowPrivilegeEscalation: false },
              },
            ],
            volumes: [{ name: "config-volume", configMap: { name: "local-path-config" } }],
          },
        },
      },
    },
    {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: localPathStorageClassName, labels },
      provisioner: provisionerName,
      volumeBindingMode: "WaitForFirstConsumer",
      reclaimPolicy: "Delete",
    },
  ];
}
