import type { Backend } from "./backend";

export const kinePostgresBackend: Backend = {
  name: "kine-postgres",
  operator: "k0smotron",
  datastores: ["postgres"],
  maxReplicas: 3,
  summary: "k0smotron Cluster, kine on the shared PostgreSQL server (one database per HCP)",
};
