import type { Backend } from "./backend";

export const kineNatsEmbeddedBackend: Backend = {
  name: "kine-nats-embedded",
  operator: "k0smotron",
  datastores: [],
  maxReplicas: 1,
  summary: "k0smotron Cluster, kine on NATS JetStream embedded in the HCP pod (experimental)",
};
