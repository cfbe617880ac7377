import { k0smotronCluster } from "../fleet/k0smotronCluster";
import type { Backend } from "./backend";

/** k0smotron's default JetStream volume size, on the general storage class. */
const natsVolume = "1Gi";

export const kineNatsEmbeddedBackend: Backend = {
  name: "kine-nats-embedded",
  operator: "k0smotron",
  datastores: [],
  // k0smotron runs the replicas' embedded NATS servers as one cluster, sized when the Cluster is created;
  // its webhook accepts any count at creation and refuses a later change of replicas for NATS storage
  // (api/k0smotron.io/v1beta2/k0smotroncluster_webhook.go, ValidateClusterSpecUpdate). The published HA run used 3.
  maxReplicas: 3,
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
