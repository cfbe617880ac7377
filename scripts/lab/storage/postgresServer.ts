import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../../infra/names/inputError";
import type { LabRun } from "../labRun";
import { waitUntil } from "../labProcesses";
import { chownTree, isRoot, systemUser } from "./osUser";
import { adminUrlOf, runSql, type SqlAdmin } from "./sqlAdmin";

export const postgresBin = "/usr/lib/postgresql/15/bin";

/** Before anything starts: Debian's PostgreSQL 15 server and client are installed. */
export function checkPostgresInstalled(): void {
  for (const f of [`${postgresBin}/initdb`, `${postgresBin}/postgres`]) if (!fs.existsSync(f)) throw new InputError(`${f}: not found: install the Debian package postgresql (or give --postgres-admin-url)`);
  if (spawnSync("psql", ["--version"]).status !== 0) throw new InputError("psql: not found: install the Debian package postgresql-client");
  if (isRoot) systemUser("postgres");
}

/**
 * Debian's PostgreSQL 15 in the lab folder: scram-sha-256 password logins on
 * 127.0.0.1 only (so one HCP's user is refused on another's database), a
 * generated admin password, enough connections for many kines.
 */
export async function startLabPostgres(run: LabRun, backend: string, port: number): Promise<SqlAdmin> {
  const dir = run.folder(backend, "postgres");
  const pgdata = path.join(dir, "data");
  const admin: SqlAdmin = { engine: "postgres", host: "127.0.0.1", port, user: "postgres", password: randomBytes(18).toString("base64url"), database: "postgres" };
  const owner = isRoot ? systemUser("postgres") : undefined;
  const pwfile = path.join(dir, "admin-password");
  fs.writeFileSync(pwfile, admin.password, { mode: 0o600 });
  if (owner) chownTree(dir, owner);
  const init = spawnSync(`${postgresBin}/initdb`, ["-D", pgdata, "-U", admin.user, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "-E", "UTF8"], {
    encoding: "utf8",
    cwd: dir,
    ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
  });
  fs.rmSync(pwfile, { force: true });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  fs.appendFileSync(
    path.join(pgdata, "postgresql.conf"),
    ["", "listen_addresses = '127.0.0.1'", `port = ${port}`, `unix_socket_directories = '${dir}'`, "max_connections = 1000", "shared_buffers = 256MB", ""].join("\n"),
  );
  const log = path.join(dir, "postgres.log");
  fs.writeFileSync(log, "", { mode: 0o600 });
  if (owner) fs.chownSync(log, owner.uid, owner.gid);
  const p = await run.launch({ role: `postgres (${backend})`, exe: `${postgresBin}/postgres`, args: ["-D", pgdata], log, cwd: dir, ...(owner ? { uid: owner.uid, gid: owner.gid } : {}) });
  await waitUntil(p, "a login", async () => (await runSql(admin, "SELECT 1;")) === "1", 60_000, run.signal);
  run.addServer({ backend, engine: "postgres", managed: true, address: `127.0.0.1:${port}`, adminUrl: adminUrlOf(admin) });
  return admin;
}
