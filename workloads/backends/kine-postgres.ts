import type { Backend } from "./backend";
import { sqlKineHcp } from "./sqlKine";

export const kinePostgresBackend: Backend = {
  name: "kine-postgres",
  operator: "k0smotron",
  datastores: ["postgres"],
  maxReplicas: 3,
  summary: "k0smotron Cluster, kine on the shared PostgreSQL server (one database per HCP)",
  perHcpDatabase: "postgres",
  fleetObjects: () => [],
  hcpObjects: (hcp, ctx) => sqlKineHcp("postgres", "kine-postgres", hcp, ctx),
};
