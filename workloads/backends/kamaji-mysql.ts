import { required, type Backend } from "./backend";
import { sqlDataStore, sqlTenantHcp } from "./kamajiBackends";
import { backendDescriptor } from "../../infra/names/backends";

export const kamajiMysqlBackend: Backend = {
  ...backendDescriptor("kamaji-mysql"),
  fleetObjects: (ctx) => [sqlDataStore("kamaji-mysql", "MySQL", required(ctx.platform.mysql, "MySQL server", "kamaji-mysql"))],
  hcpObjects: (hcp, ctx) => sqlTenantHcp("kamaji-mysql", hcp, ctx),
};
