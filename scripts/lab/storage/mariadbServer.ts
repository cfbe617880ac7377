import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../../infra/names/inputError";
import type { LabRun } from "../labRun";
import { waitUntil } from "../labProcesses";
import { chownTree, isRoot, systemUser } from "./osUser";
import { createAdminSql, initMariadbDataDir } from "./mariadbDataDir";
import { adminUrlOf, runSqlClient, type SqlAdmin } from "./sqlAdmin";

const mariadbd = "/usr/sbin/mariadbd";

export function checkMariadbInstalled(): void {
  if (!fs.existsSync(mariadbd) || spawnSync("mariadb-install-db", ["--help"]).error) throw new InputError(`${mariadbd}: not found: install the Debian package mariadb-server (or give --mysql-admin-url)`);
  if (spawnSync("mariadb", ["--version"]).status !== 0) throw new InputError("mariadb: not found: install the Debian package mariadb-client");
  if (isRoot) systemUser("mysql");
}

/**
 * Debian's MariaDB 10.11 in the lab folder on 127.0.0.1, root by socket only,
 * and an admin login with a generated password that creates the HCPs' databases.
 */
export async function startLabMariadb(run: LabRun, backend: string, port: number): Promise<SqlAdmin> {
  const dir = run.folder(backend, "mariadb");
  const owner = isRoot ? systemUser("mysql") : undefined;
  if (owner) chownTree(dir, owner);
  const user = owner ? ["--user=mysql"] : [];
  const { cnf, socket } = initMariadbDataDir(dir, port, ["max_connections = 2000", "innodb_buffer_pool_size = 256M"], user);
  const log = path.join(dir, "mariadb.log");
  const p = await run.launch({ role: `mariadb (${backend})`, exe: mariadbd, args: [`--defaults-file=${cnf}`, ...user], log, cwd: dir });
  const socketSql = (sql: string) => runSqlClient("mariadb", ["-S", socket, "-u", "root", "-N", "-B"], {}, sql);
  await waitUntil(p, "a login", async () => (await socketSql("SELECT 1;")) === "1", 120_000, run.signal);
  const admin: SqlAdmin = { engine: "mysql", host: "127.0.0.1", port, user: "hcpbench_admin", password: randomBytes(18).toString("base64url") };
  await socketSql(createAdminSql(admin));
  run.addServer({ backend, engine: "mysql", managed: true, address: `127.0.0.1:${port}`, adminUrl: adminUrlOf(admin) });
  return admin;
}
