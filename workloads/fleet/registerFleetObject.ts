import type * as pulumi from "@pulumi/pulumi";
import { registerKubeObject } from "../../infra/kubernetes/registerKubeObject";
import type { KubeObject } from "./kubeObject";

/**
 * Registers a fleet object under its plain name (`hcp-001`), as plans and the
 * sweep's logs show HCPs. Every object has a fixed name, so a replacement must
 * delete the old one first.
 */
export function registerFleetObject(obj: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  return registerKubeObject(obj, { deleteBeforeReplace: true, ...opts }, obj.metadata.name);
}
