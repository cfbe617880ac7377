import type { Backend } from "./backend";

export const kineT4Backend: Backend = {
  name: "kine-t4",
  operator: "k0smotron",
  datastores: ["minio"],
  maxReplicas: 3,
  summary: "k0smotron Cluster, kine's T4 driver on MinIO object storage",
};
