import { externalEtcdK0sConfig, k0sConfigOverridePatch } from "../fleet/externalEtcdK0sConfig";
import { k0smotronCluster } from "../fleet/k0smotronCluster";
import { required, type Backend } from "./backend";
import { backendDescriptor } from "../../infra/names/backends";

export const t4StandaloneBackend: Backend = {
  ...backendDescriptor("t4-standalone"),
  fleetObjects: () => [],
  hcpObjects: (hcp, ctx) => {
    const t4 = required(ctx.platform.t4, "T4 server", "t4-standalone");
    if (t4.endpoints.length === 0) throw new Error("t4-standalone: the platform's T4 server has no endpoints");
    const k0sConfig = externalEtcdK0sConfig({ hcpName: hcp.name, namespace: ctx.namespace, endpoints: t4.endpoints });
    return {
      hcp: k0smotronCluster({
        name: hcp.name,
        namespace: ctx.namespace,
        fleet: ctx.fleet,
        // `kine` only so k0smotron creates no per-HCP etcd (and accepts more than one replica);
        // the patch below replaces the whole storage section of the k0s config with T4 as external etcd.
        storage: { type: "kine", kine: { dataSourceURL: t4.endpoints[0] } },
        placement: ctx.placement,
        extraPatches: [k0sConfigOverridePatch(k0sConfig)],
      }),
      companions: [],
    };
  },
};
