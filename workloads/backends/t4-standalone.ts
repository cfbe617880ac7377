import type { Backend } from "./backend";

export const t4StandaloneBackend: Backend = {
  name: "t4-standalone",
  operator: "k0smotron",
  datastores: ["minio", "t4"],
  maxReplicas: 3,
  summary: "k0smotron Cluster using a shared T4 server (etcd API on MinIO) as external etcd",
};
