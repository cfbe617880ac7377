import type * as pulumi from "@pulumi/pulumi";
import { benchServiceAccount, namespaces } from "../../infra/namespaces";
import type { KubeObject } from "../fleet/kubeObject";
import type { BenchJobSpec } from "../loadgen/job/benchJobSpec";
import { benchLabels } from "./benchLabels";
import { targetedHcps } from "./benchJobSpecBuilder";

/** The Job's identity; on AWS its annotation names the IRSA role that may write under the results prefix. */
export function benchServiceAccountObject(annotations: Record<string, pulumi.Input<string>>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: benchServiceAccount, namespace: namespaces.bench, labels: benchLabels(), annotations: annotations as Record<string, string> },
  };
}

/** `get` on exactly the named kubeconfig Secrets: no list, no watch, no other Secret in the namespace. */
export function kubeconfigReaderRole(namespace: string, secretNames: readonly string[], name = "hcpbench-bench-kubeconfigs"): KubeObject {
  // An empty resourceNames list would grant every Secret in the namespace.
  if (secretNames.length === 0) throw new Error("kubeconfigReaderRole: no Secret names; refusing a Role that would allow every Secret");
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name, namespace, labels: benchLabels() },
    rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: [...new Set(secretNames)].sort() }],
  };
}

/** Read-only PodMetrics in one namespace, for the samplers. */
export function podMetricsReaderRole(namespace: string): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: "hcpbench-bench-pod-metrics", namespace, labels: benchLabels() },
    rules: [{ apiGroups: ["metrics.k8s.io"], resources: ["pods"], verbs: ["get", "list"] }],
  };
}

/** Binds a Role to the bench service account, in the Role's namespace. */
export function benchRoleBinding(role: KubeObject): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: role.metadata.name, namespace: role.metadata.namespace, labels: benchLabels() },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
    subjects: [{ kind: "ServiceAccount", name: benchServiceAccount, namespace: namespaces.bench }],
  };
}

/**
 * Every Role the Job needs, and nothing else: the kubeconfig Secrets of the HCPs it targets (all
 * of them only when a mixed-* profile is in the matrix), and PodMetrics where it samples.
 */
export function benchRoles(spec: Pick<BenchJobSpec, "profiles" | "hcps" | "sampling">): KubeObject[] {
  const secretsByNamespace = new Map<string, string[]>();
  for (const hcp of targetedHcps(spec)) {
    secretsByNamespace.set(hcp.namespace, [...(secretsByNamespace.get(hcp.namespace) ?? []), hcp.kubeconfigSecret.name]);
  }
  const sampled = new Set([spec.sampling.hcp.namespace, ...spec.sampling.storage.map((g) => g.namespace)]);
  return [
    ...[...secretsByNamespace].map(([ns, names]) => kubeconfigReaderRole(ns, names)),
    ...[...sampled].sort().map(podMetricsReaderRole),
  ];
}
