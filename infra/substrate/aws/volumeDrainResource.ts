import * as pulumi from "@pulumi/pulumi";
import { getFromCluster, waitForVolumesGone, type PersistentVolumeList } from "./volumeDrain";

export interface VolumeDrainInputs {
  /** The kubeconfig as JSON with inline data (pulumi-eks's kubeconfigJson). */
  readonly kubeconfig: string;
  readonly storageClasses: string[];
  readonly timeoutSeconds: number;
  readonly pollSeconds: number;
}

/**
 * Nothing to create; on delete it waits until the PVs of the stack's classes are gone
 * (volumeDrain.ts). Settings changes update it in place: a replacement would run the wait.
 * Serialized into the state by Pulumi, so it captures only functions and packages.
 */
export const volumeDrainProvider: pulumi.dynamic.ResourceProvider<VolumeDrainInputs, VolumeDrainInputs> = {
  async create(inputs) {
    return { id: "volume-drain", outs: inputs };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete(_id, props) {
    const list = () => getFromCluster<PersistentVolumeList>(props.kubeconfig, "/api/v1/persistentvolumes");
    await waitForVolumesGone(list, props.storageClasses, { timeoutMs: props.timeoutSeconds * 1000, pollMs: props.pollSeconds * 1000 });
  },
};

/**
 * Sits between the volume provisioners (CSI add-on, local-path, node groups) and everything in
 * the cluster: it depends on the former and the latter depend on it, so `destroy` removes the
 * claims' owners, then waits here for their volumes, then removes the provisioners.
 */
export class VolumeDrain extends pulumi.dynamic.Resource {
  constructor(name: string, args: { [K in keyof VolumeDrainInputs]: pulumi.Input<VolumeDrainInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
    super(volumeDrainProvider, name, args, opts, "hcpbench", "VolumeDrain");
  }
}
