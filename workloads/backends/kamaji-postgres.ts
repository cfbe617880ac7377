import { required, type Backend } from "./backend";
import { sqlDataStore, sqlTenantHcp } from "./kamajiBackends";

export const kamajiPostgresBackend: Backend = {
  name: "kamaji-postgres",
  operator: "kamaji",
  datastores: ["postgres"],
  maxReplicas: 3,
  summary: "Kamaji TenantControlPlane, kine on a shared PostgreSQL DataStore",
  fleetObjects: (ctx) => [sqlDataStore("kamaji-postgres", "PostgreSQL", required(ctx.platform.postgres, "PostgreSQL server", "kamaji-postgres"))],
  hcpObjects: (hcp, ctx) => sqlTenantHcp("kamaji-postgres", hcp, ctx),
};
