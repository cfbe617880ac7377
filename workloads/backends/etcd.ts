import { k0smotronCluster } from "../fleet/k0smotronCluster";
import type { Backend } from "./backend";
import { backendDescriptor } from "../../infra/names/backends";

/** The per-HCP etcd keeps k0smotron's default size; its volume uses the general storage class (gp3 on AWS). */
const etcdVolume = "1Gi";

export const etcdBackend: Backend = {
  ...backendDescriptor("etcd"),
  fleetObjects: () => [],
  hcpObjects: (hcp, ctx) => ({
    hcp: k0smotronCluster({
      name: hcp.name,
      namespace: ctx.namespace,
      fleet: ctx.fleet,
      // One etcd member per HCP replica; k0smotron creates the StatefulSet `kmc-<name>-etcd` and its certificates.
      storage: { type: "etcd", etcd: { persistence: { storageClass: ctx.storageClass, size: etcdVolume } } },
      placement: ctx.placement,
      // The etcd pods belong to the HCP: same pool, counted as its storage pods.
      placedComponents: ["control-plane", "etcd"],
    }),
    companions: [],
  }),
};
