import { randomBytes } from "node:crypto";
import { InputError } from "../../../infra/names/inputError";
import { perHcpInitSql, type HcpDatabase } from "../../../infra/platform/datastores/perHcpDatabases";
import { hcpDatabaseName } from "../../../workloads/fleet/hcpNames";
import { hcpDatabasePassword } from "../../../workloads/fleet/hcpPasswords";
import { mysqlDataSource, postgresDataSource } from "../../../workloads/fleet/kineDataSource";
import { startKine } from "../kineProcess";
import type { LabRun } from "../labRun";
import { checkMariadbInstalled, startLabMariadb } from "../storage/mariadbServer";
import { checkReachableBy } from "../storage/osUser";
import { checkPostgresInstalled, startLabPostgres } from "../storage/postgresServer";
import { checkAdminLogin, parseAdminUrl, runSql, type SqlAdmin } from "../storage/sqlAdmin";
import type { LabBackend } from "./labBackend";

type Engine = "postgres" | "mysql";

/** Names of databases that already exist, so the lab never takes over one it did not make. */
async function existingDatabases(admin: SqlAdmin, names: readonly string[]): Promise<string[]> {
  const list = names.map((n) => `'${n}'`).join(",");
  const sql = admin.engine === "postgres" ? `SELECT datname FROM pg_database WHERE datname IN (${list});` : `SELECT schema_name FROM information_schema.schemata WHERE schema_name IN (${list});`;
  const out = await runSql(admin, sql);
  return out.split("\n").map((l) => l.trim()).filter(Boolean);
}

/**
 * kine on a shared SQL server: each HCP gets its own database and login,
 * created by the platform's init SQL (the same text the init Job runs), and
 * kine gets the data source the fleet's builder makes.
 */
function kineSqlBackend(name: string, engine: Engine): LabBackend {
  const flag = engine === "postgres" ? "--postgres-admin-url" : "--mysql-admin-url";
  const serverName = engine === "postgres" ? "PostgreSQL" : "MariaDB";
  return {
    name,
    binaries: ["kine"],
    async plan(ports, hcps, opts) {
      const url = engine === "postgres" ? opts.postgresAdminUrl : opts.mysqlAdminUrl;
      const given = url ? parseAdminUrl(flag, engine, url) : undefined;
      if (given) {
        await checkAdminLogin(flag, given);
        const taken = await existingDatabases(given, hcps.map(hcpDatabaseName));
        if (taken.length > 0) throw new InputError(`${flag}: database ${taken.join(", ")} already exists on ${given.host}:${given.port}: the lab only uses databases it creates; drop it or use another server`);
      } else {
        if (engine === "postgres") checkPostgresInstalled();
        else checkMariadbInstalled();
        checkReachableBy(engine === "postgres" ? "postgres" : "mysql", opts.dir);
      }
      const serverPort = given ? undefined : ports.take(`${serverName} for ${name}`);
      const kinePorts = new Map(hcps.map((h) => [h, { listen: ports.take(`kine of ${name}/${h}`), metrics: ports.take(`kine metrics of ${name}/${h}`) }]));
      // One master secret per lab: each HCP's password is derived from it as the fleet derives its own.
      const master = randomBytes(32).toString("hex");
      const dbOf = (hcp: string): HcpDatabase => ({ database: hcpDatabaseName(hcp), user: hcpDatabaseName(hcp), password: hcpDatabasePassword(master, hcp) });
      return {
        async start(run: LabRun) {
          let admin: SqlAdmin;
          if (given) {
            admin = given;
            run.addServer({ backend: name, engine, managed: false, address: `${given.host}:${given.port}` });
          } else {
            admin = engine === "postgres" ? await startLabPostgres(run, name, serverPort!) : await startLabMariadb(run, name, serverPort!);
          }
          const dbs = hcps.map(dbOf);
          if (given) for (const d of dbs) run.noteCreatedDatabase({ engine, adminUrl: url!, database: d.database, user: d.user });
          await runSql(admin, perHcpInitSql(engine, dbs));
          return {
            async storageFor(r, hcp) {
              const db = dbOf(hcp);
              const source = { host: admin.host, port: admin.port, database: db.database, user: db.user, password: db.password };
              const dataSource = engine === "postgres" ? postgresDataSource(source) : mysqlDataSource(source);
              const kine = await startKine(r, name, hcp, dataSource, kinePorts.get(hcp)!);
              return {
                etcdServers: kine.endpoint,
                etcdPrefix: "/registry",
                kine: kine.process,
                storage: { kind: "kine", dataSource, endpoint: kine.endpoint, engine, database: db.database, user: db.user },
              };
            },
          };
        },
      };
    },
  };
}

export const kinePostgresBackend = kineSqlBackend("kine-postgres", "postgres");
export const kineMysqlBackend = kineSqlBackend("kine-mysql", "mysql");
