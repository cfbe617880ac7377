import { k0smotronCluster } from "../fleet/k0smotronCluster";
import type { Backend } from "./backend";
import { backendDescriptor } from "../../infra/names/backends";

/** k0smotron's default JetStream volume size, on the general storage class. */
const natsVolume = "1Gi";

export const kineNatsEmbeddedBackend: Backend = {
  ...backendDescriptor("kine-nats-embedded"),
  fleetObjects: () => [],
  hcpObjects: (hcp, ctx) => ({
    hcp: k0smotronCluster({
      name: hcp.name,
      namespace: ctx.namespace,
      fleet: ctx.fleet,
      // NATS runs inside each k0s pod; k0smotron generates its auth token and a PVC per pod.
      storage: { type: "nats", nats: { persistence: { storageClass: ctx.storageClass, size: natsVolume } } },
      placement: ctx.placement,
    }),
    companions: [],
  }),
};
