import type { Backend } from "./backend";

export const kineMysqlBackend: Backend = {
  name: "kine-mysql",
  operator: "k0smotron",
  datastores: ["mysql"],
  maxReplicas: 3,
  summary: "k0smotron Cluster, kine on the shared MySQL server (one database per HCP)",
};
