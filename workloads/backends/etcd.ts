import type { Backend } from "./backend";

export const etcdBackend: Backend = {
  name: "etcd",
  operator: "k0smotron",
  datastores: [],
  maxReplicas: 3,
  summary: "k0smotron Cluster with a per-HCP etcd StatefulSet",
};
