import { k0smotronCluster } from "../fleet/k0smotronCluster";
import { sqliteDataSource } from "../fleet/kineDataSource";
import type { Backend } from "./backend";
import { backendDescriptor } from "../../infra/names/backends";

export const kineSqliteBackend: Backend = {
  ...backendDescriptor("kine-sqlite"),
  fleetObjects: () => [],
  hcpObjects: (hcp, ctx) => ({
    hcp: k0smotronCluster({
      name: hcp.name,
      namespace: ctx.namespace,
      fleet: ctx.fleet,
      // The database file lives on k0s's data volume (k0smotron's default emptyDir, on the node's disk).
      storage: { type: "kine", kine: { dataSourceURL: sqliteDataSource } },
      placement: ctx.placement,
    }),
    companions: [],
  }),
};
