import type { Backend } from "./backend";

export const kamajiNatsBackend: Backend = {
  name: "kamaji-nats",
  operator: "kamaji",
  datastores: ["nats"],
  maxReplicas: 3,
  summary: "Kamaji TenantControlPlane, kine on a shared NATS JetStream DataStore",
};
