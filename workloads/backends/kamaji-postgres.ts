import { required, type Backend } from "./backend";
import { sqlDataStore, sqlTenantHcp } from "./kamajiBackends";
import { backendDescriptor } from "../../infra/names/backends";

export const kamajiPostgresBackend: Backend = {
  ...backendDescriptor("kamaji-postgres"),
  fleetObjects: (ctx) => [sqlDataStore("kamaji-postgres", "PostgreSQL", required(ctx.platform.postgres, "PostgreSQL server", "kamaji-postgres"))],
  hcpObjects: (hcp, ctx) => sqlTenantHcp("kamaji-postgres", hcp, ctx),
};
