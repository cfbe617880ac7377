import { spawn } from "node:child_process";
import { InputError } from "../../../infra/names/inputError";

/** Admin access to a SQL server, through the engine's own command-line client (psql, mariadb) over TCP. */
export interface SqlAdmin {
  readonly engine: "postgres" | "mysql";
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Database the admin connects to (postgres only). */
  readonly database?: string;
}

export function runSqlClient(cmd: string, args: string[], env: NodeJS.ProcessEnv, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    // A client that exits before reading its SQL (a refused login) closes its stdin: the exit code and stderr say why.
    child.stdin.on("error", () => undefined);
    child.on("close", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(err.trim() || `${cmd} exited ${code}`))));
    child.stdin.end(input);
  });
}

/** Runs SQL as `as` (the admin by default); psql gets the init SQL's \gexec lines as the init Job's psql does. */
export function runSql(admin: SqlAdmin, sql: string, as: { user: string; password: string; database?: string } = admin): Promise<string> {
  if (admin.engine === "postgres") {
    return runSqlClient(
      "psql",
      ["-h", admin.host, "-p", String(admin.port), "-U", as.user, "-d", as.database ?? "postgres", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-f", "-"],
      { PGPASSWORD: as.password, PGCONNECT_TIMEOUT: "5" },
      sql,
    );
  }
  return runSqlClient(
    "mariadb",
    ["--protocol=TCP", "-h", admin.host, "-P", String(admin.port), "-u", as.user, ...(as.database ? ["-D", as.database] : []), "-N", "-B", "--connect-timeout=5"],
    { MYSQL_PWD: as.password },
    sql,
  );
}

/**
 * `postgres://user:password@host:port[/database]` or `mysql://user:password@host:port`:
 * the admin login of a server the lab should use instead of starting its own.
 */
export function parseAdminUrl(flag: string, engine: "postgres" | "mysql", value: string): SqlAdmin {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new InputError(`${flag}: not a URL (want ${engine}://user:password@host:port)`);
  }
  const schemes = engine === "postgres" ? ["postgres:", "postgresql:"] : ["mysql:", "mariadb:"];
  if (!schemes.includes(u.protocol)) throw new InputError(`${flag}: scheme must be ${schemes.map((s) => s.slice(0, -1)).join(" or ")} (got "${u.protocol.slice(0, -1)}")`);
  if (!u.username || !u.hostname) throw new InputError(`${flag}: needs a user and a host (${engine}://user:password@host:port)`);
  const port = u.port ? Number(u.port) : engine === "postgres" ? 5432 : 3306;
  const db = decodeURIComponent(u.pathname.replace(/^\//, ""));
  return {
    engine,
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    ...(engine === "postgres" && db ? { database: db } : {}),
  };
}

/** The admin login as a URL, the form --postgres-admin-url / --mysql-admin-url take. */
export function adminUrlOf(a: SqlAdmin): string {
  const auth = `${encodeURIComponent(a.user)}:${encodeURIComponent(a.password)}`;
  return a.engine === "postgres" ? `postgres://${auth}@${a.host}:${a.port}/${encodeURIComponent(a.database ?? "postgres")}` : `mysql://${auth}@${a.host}:${a.port}`;
}

/** Logs in once; an unreachable server or a refused login is bad input, before the lab starts anything. */
export async function checkAdminLogin(flag: string, admin: SqlAdmin): Promise<void> {
  try {
    await runSql(admin, "SELECT 1;", admin);
  } catch (err) {
    const first = (err as Error).message.split("\n").find((l) => l.trim() !== "") ?? "failed";
    throw new InputError(`${flag}: cannot log in to ${admin.host}:${admin.port} as ${admin.user}: ${first.trim()}`);
  }
}
