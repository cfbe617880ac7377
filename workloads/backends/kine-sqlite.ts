import type { Backend } from "./backend";

export const kineSqliteBackend: Backend = {
  name: "kine-sqlite",
  operator: "k0smotron",
  datastores: [],
  maxReplicas: 1,
  summary: "k0smotron Cluster, kine on SQLite inside the HCP pod",
};
