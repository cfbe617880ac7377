import { k0smotronCluster } from "../fleet/k0smotronCluster";
import type { Backend } from "./backend";

/** k0smotron's default JetStream volume size, on the general storage class. */
const natsVolume = "1Gi";

export const kineNatsEmbeddedBackend: Backend = {
  name: "kine-nats-embedded",
  operator: "k0smotron",
  datastores: [],
  maxReplicas: 1,
  summary: "k0smotron Cluster, kine on NATS JetStream embedded in the HCP pod (experimental)",
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
