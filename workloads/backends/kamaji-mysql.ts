import { required, type Backend } from "./backend";
import { sqlDataStore, sqlTenantHcp } from "./kamajiBackends";

export const kamajiMysqlBackend: Backend = {
  name: "kamaji-mysql",
  operator: "kamaji",
  datastores: ["mysql"],
  maxReplicas: 3,
  summary: "Kamaji TenantControlPlane, kine on a shared MySQL DataStore",
  fleetObjects: (ctx) => [sqlDataStore("kamaji-mysql", "MySQL", required(ctx.platform.mysql, "MySQL server", "kamaji-mysql"))],
  hcpObjects: (hcp, ctx) => sqlTenantHcp("kamaji-mysql", hcp, ctx),
};
