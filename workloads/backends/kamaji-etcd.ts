import { kamajiDataStore } from "../fleet/kamajiDataStore";
import { required, type Backend } from "./backend";
import { fleetDataStoreName, tenantHcp } from "./kamajiBackends";

export const kamajiEtcdBackend: Backend = {
  name: "kamaji-etcd",
  operator: "kamaji",
  datastores: ["kamaji-etcd"],
  maxReplicas: 3,
  summary: "Kamaji TenantControlPlane on a shared kamaji-etcd DataStore",
  fleetObjects: (ctx) => {
    const etcd = required(ctx.platform.kamajiEtcd, "kamaji-etcd", "kamaji-etcd");
    // The CA pair lets Kamaji sign each tenant's etcd client certificate; the root client pair creates each tenant's etcd user.
    return [
      kamajiDataStore({
        name: fleetDataStoreName("kamaji-etcd"),
        backend: "kamaji-etcd",
        driver: "etcd",
        endpoints: etcd.endpoints,
        auth: { kind: "etcdTls", ...etcd.dataStoreTls },
      }),
    ];
  },
  // The etcd driver has no kine sidecar: the API servers talk to etcd directly.
  hcpObjects: (hcp, ctx) => ({ hcp: tenantHcp(hcp, ctx, fleetDataStoreName("kamaji-etcd"), false), companions: [] }),
};
