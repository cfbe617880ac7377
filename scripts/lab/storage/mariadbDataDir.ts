import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** A MariaDB server's files in one folder: its my.cnf and the socket root logs in through. */
export interface MariadbDataDir {
  readonly cnf: string;
  readonly socket: string;
}

/**
 * Writes a my.cnf that keeps MariaDB on 127.0.0.1 with its data, socket and
 * pid file in `dir` (plus `settings`, e.g. tuning lines), then creates the
 * data directory with root reachable by socket only. Run the server with
 * `--defaults-file=<cnf>` and the same `userArgs` (`--user=mysql` as root).
 */
export function initMariadbDataDir(dir: string, port: number, settings: readonly string[], userArgs: readonly string[] = []): MariadbDataDir {
  const socket = path.join(dir, "mysqld.sock");
  const cnf = path.join(dir, "my.cnf");
  const lines = ["[mariadbd]", `datadir = ${path.join(dir, "data")}`, `socket = ${socket}`, `port = ${port}`, "bind-address = 127.0.0.1", `pid-file = ${path.join(dir, "mysqld.pid")}`, "skip-name-resolve", ...settings];
  fs.writeFileSync(cnf, `${lines.join("\n")}\n`);
  const init = spawnSync("mariadb-install-db", [`--defaults-file=${cnf}`, ...userArgs, "--auth-root-authentication-method=socket", "--skip-test-db"], { encoding: "utf8", cwd: dir });
  if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr}${init.stdout}`);
  return { cnf, socket };
}

/** SQL that makes a password login able to create the HCPs' databases and users. */
export function createAdminSql(admin: { readonly user: string; readonly password: string }): string {
  return `CREATE USER '${admin.user}'@'%' IDENTIFIED BY '${admin.password}'; GRANT ALL PRIVILEGES ON *.* TO '${admin.user}'@'%' WITH GRANT OPTION;`;
}
