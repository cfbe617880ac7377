import type { Backend } from "./backend";

export const kamajiMysqlBackend: Backend = {
  name: "kamaji-mysql",
  operator: "kamaji",
  datastores: ["mysql"],
  maxReplicas: 3,
  summary: "Kamaji TenantControlPlane, kine on a shared MySQL DataStore",
};
