import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { KubeObject } from "./kubeObject";

type ObjectClass = new (name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * Built-in kinds go through the SDK's own classes, which carry the real type
 * token (`kubernetes:core/v1:Namespace`: core objects have no group in their
 * apiVersion) and the SDK's secret handling. Kinds from CRDs go through
 * CustomResource, whose token `kubernetes:<group>/<version>:<Kind>` is already
 * the real one. An unknown built-in kind is an error, so a manifest upgrade
 * that adds one is noticed instead of registered under a wrong token.
 */
const builtIn: Record<string, ObjectClass> = {
  "v1/Namespace": k8s.core.v1.Namespace as unknown as ObjectClass,
  "v1/ServiceAccount": k8s.core.v1.ServiceAccount as unknown as ObjectClass,
  "v1/Service": k8s.core.v1.Service as unknown as ObjectClass,
  "v1/ConfigMap": k8s.core.v1.ConfigMap as unknown as ObjectClass,
  "v1/Secret": k8s.core.v1.Secret as unknown as ObjectClass,
  "apps/v1/Deployment": k8s.apps.v1.Deployment as unknown as ObjectClass,
  "apps/v1/StatefulSet": k8s.apps.v1.StatefulSet as unknown as ObjectClass,
  "batch/v1/Job": k8s.batch.v1.Job as unknown as ObjectClass,
  "rbac.authorization.k8s.io/v1/Role": k8s.rbac.v1.Role as unknown as ObjectClass,
  "rbac.authorization.k8s.io/v1/ClusterRole": k8s.rbac.v1.ClusterRole as unknown as ObjectClass,
  "rbac.authorization.k8s.io/v1/RoleBinding": k8s.rbac.v1.RoleBinding as unknown as ObjectClass,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": k8s.rbac.v1.ClusterRoleBinding as unknown as ObjectClass,
  "apiextensions.k8s.io/v1/CustomResourceDefinition": k8s.apiextensions.v1.CustomResourceDefinition as unknown as ObjectClass,
  "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration": k8s.admissionregistration.v1.MutatingWebhookConfiguration as unknown as ObjectClass,
  "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration": k8s.admissionregistration.v1.ValidatingWebhookConfiguration as unknown as ObjectClass,
  "policy/v1/PodDisruptionBudget": k8s.policy.v1.PodDisruptionBudget as unknown as ObjectClass,
  "networking.k8s.io/v1/NetworkPolicy": k8s.networking.v1.NetworkPolicy as unknown as ObjectClass,
};

/** API groups served by Kubernetes itself: their kinds must be in `builtIn`. */
const builtInGroups = new Set(["", "apps", "batch", "rbac.authorization.k8s.io", "apiextensions.k8s.io", "admissionregistration.k8s.io", "policy", "networking.k8s.io"]);

/** The Pulumi type token a Kubernetes object is registered under. */
export function kubernetesTypeToken(obj: Pick<KubeObject, "apiVersion" | "kind">): string {
  const groupVersion = obj.apiVersion.includes("/") ? obj.apiVersion : `core/${obj.apiVersion}`;
  return `kubernetes:${groupVersion}:${obj.kind}`;
}

/** Pulumi resource name: unique per type, readable in `plan`. */
export function kubernetesResourceName(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

/**
 * Registers a built object as the Pulumi resource of its kind; every layer
 * (platform, fleet, bench) goes through here. `name` is the Pulumi resource
 * name, `<namespace>/<name>` unless a layer keeps its own naming.
 */
export function registerKubeObject(obj: KubeObject, opts: pulumi.CustomResourceOptions, name = kubernetesResourceName(obj)): pulumi.CustomResource {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const group = obj.apiVersion.includes("/") ? obj.apiVersion.split("/")[0] : "";
  const cls = builtIn[key];
  if (cls) return new cls(name, { ...obj }, opts);
  if (builtInGroups.has(group)) throw new Error(`no registration for built-in kind ${key} (${obj.metadata.name}); add it to registerKubeObject`);
  return new k8s.apiextensions.CustomResource(name, { ...obj } as k8s.apiextensions.CustomResourceArgs, opts);
}
