import * as path from "node:path";
import { sqliteDataSource } from "../../../workloads/fleet/kineDataSource";
import { startKine } from "../kineProcess";
import type { LabBackend } from "./labBackend";

/** The file the fleet's SQLite data source names (inside the HCP pod). */
const fleetSqliteFile = "/var/lib/k0s/db/state.db";

/** The fleet's SQLite data source, with the HCP's file in the lab instead of the pod's volume. */
export function labSqliteDataSource(file: string): string {
  if (!sqliteDataSource.includes(fleetSqliteFile)) throw new Error(`the fleet's SQLite data source no longer names ${fleetSqliteFile}: ${sqliteDataSource}`);
  return sqliteDataSource.replace(fleetSqliteFile, file);
}

/** One SQLite file per HCP, as kine-sqlite keeps it inside each HCP pod. */
export const kineSqliteBackend: LabBackend = {
  name: "kine-sqlite",
  binaries: ["kine"],
  async plan(ports, hcps) {
    const kinePorts = new Map(hcps.map((h) => [h, { listen: ports.take(`kine of kine-sqlite/${h}`), metrics: ports.take(`kine metrics of kine-sqlite/${h}`) }]));
    return {
      async start() {
        return {
          async storageFor(run, hcp) {
            const file = path.join(run.folder("kine-sqlite", hcp, "db"), "state.db");
            const dataSource = labSqliteDataSource(file);
            const kine = await startKine(run, "kine-sqlite", hcp, dataSource, kinePorts.get(hcp)!);
            return { etcdServers: kine.endpoint, etcdPrefix: "/registry", kine: kine.process, storage: { kind: "kine", dataSource, endpoint: kine.endpoint, engine: "sqlite", sqliteFile: file } };
          },
        };
      },
    };
  },
};
