import { namespaces } from "../../infra/namespaces";
import type { SqlServer } from "../../infra/platform/platformOutputs";
import { kamajiDataStore } from "../fleet/kamajiDataStore";
import type { KubeObject } from "../fleet/kubeObject";
import { tenantControlPlane } from "../fleet/tenantControlPlane";
import type { FleetContext, HcpContext, HcpObjects } from "./backend";

/** One DataStore serves the whole fleet; Kamaji creates each tenant's database and user on it. */
export function fleetDataStoreName(backend: string): string {
  return `hcpbench-${backend}`;
}

export function tenantHcp(hcp: HcpContext, ctx: FleetContext, dataStore: string, withKine: boolean): KubeObject {
  return tenantControlPlane({ name: hcp.name, namespace: ctx.namespace, fleet: ctx.fleet, dataStore, withKine, placement: ctx.placement });
}

/** A SQL DataStore authenticated with the server's admin Secret (keys `username` and `password`, in the data namespace). */
export function sqlDataStore(backend: string, driver: "PostgreSQL" | "MySQL", server: SqlServer): KubeObject {
  const secret = (keyPath: string) => ({ name: server.adminSecretName, namespace: namespaces.data, keyPath });
  return kamajiDataStore({
    name: fleetDataStoreName(backend),
    backend,
    driver,
    endpoints: [`${server.host}:${server.port}`],
    auth: { kind: "basicAuth", username: secret("username"), password: secret("password") },
  });
}

export function sqlTenantHcp(backend: string, hcp: HcpContext, ctx: FleetContext): HcpObjects {
  return { hcp: tenantHcp(hcp, ctx, fleetDataStoreName(backend), true), companions: [] };
}
