import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { KubeObject } from "./kubeObject";

/**
 * Registers a built object as the Pulumi resource of its kind, so plans and
 * state show the real type tokens (`kubernetes:core/v1:Secret`,
 * `kubernetes:k0smotron.io/v1beta2:Cluster`). The object is passed as is.
 */
export function registerKubeObject(obj: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const name = obj.metadata.name;
  // Every object has a fixed name, so a replacement must delete the old one first.
  const o = { deleteBeforeReplace: true, ...opts };
  const { apiVersion, kind, ...rest } = obj;
  switch (`${apiVersion}/${kind}`) {
    case "v1/Secret":
      return new k8s.core.v1.Secret(name, rest as k8s.core.v1.SecretArgs, o);
    case "v1/Service":
      return new k8s.core.v1.Service(name, rest as k8s.core.v1.ServiceArgs, o);
    case "v1/Namespace":
      return new k8s.core.v1.Namespace(name, rest as k8s.core.v1.NamespaceArgs, o);
    case "batch/v1/Job":
      return new k8s.batch.v1.Job(name, rest as k8s.batch.v1.JobArgs, o);
    default:
      // Operator CRDs (Cluster, TenantControlPlane, DataStore) have no typed SDK class.
      return new k8s.apiextensions.CustomResource(name, obj as k8s.apiextensions.CustomResourceArgs, o);
  }
}
