import type { Backend } from "./backend";

export const kamajiEtcdBackend: Backend = {
  name: "kamaji-etcd",
  operator: "kamaji",
  datastores: ["kamaji-etcd"],
  maxReplicas: 3,
  summary: "Kamaji TenantControlPlane on a shared kamaji-etcd DataStore",
};
