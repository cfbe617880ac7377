import type { Backend } from "./backend";

export const kamajiPostgresBackend: Backend = {
  name: "kamaji-postgres",
  operator: "kamaji",
  datastores: ["postgres"],
  maxReplicas: 3,
  summary: "Kamaji TenantControlPlane, kine on a shared PostgreSQL DataStore",
};
