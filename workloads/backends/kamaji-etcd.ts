import { kamajiDataStore } from "../fleet/kamajiDataStore";
import { required, type Backend } from "./backend";
import { fleetDataStoreName, tenantHcp } from "./kamajiBackends";
import { backendDescriptor } from "../../infra/names/backends";

export const kamajiEtcdBackend: Backend = {
  ...backendDescriptor("kamaji-etcd"),
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
