import type { Backend } from "./backend";
import { sqlKineHcp } from "./sqlKine";

export const kineMysqlBackend: Backend = {
  name: "kine-mysql",
  operator: "k0smotron",
  datastores: ["mysql"],
  maxReplicas: 3,
  summary: "k0smotron Cluster, kine on the shared MySQL server (one database per HCP)",
  perHcpDatabase: "mysql",
  fleetObjects: () => [],
  hcpObjects: (hcp, ctx) => sqlKineHcp("mysql", "kine-mysql", hcp, ctx),
};
