/**
 * kine (k3s-io/kine v0.17.5) for tests: the etcd v3 gRPC API on a real
 * SQLite file, or on the PostgreSQL or MariaDB of realServers.ts. The binary
 * is looked up in HCPBENCH_BIN_DIR, then the install step's versioned cache
 * (~/.cache/hcpbench/bin/kine-v0.17.5+nats), then PATH; a missing binary is an
 * error, never a skip.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { binaryPins, cachedBinaryPath } from "../../scripts/lab/labBinaries";
import { mysqlDataSource, postgresDataSource } from "../../workloads/fleet/kineDataSource";
import { freePort, startMariadb, startPostgres, stopper, type SqlServer } from "./realServers";

export const kineVersion = binaryPins.kine.version;

export function findKine(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const candidates = [
    ...(env.HCPBENCH_BIN_DIR ? [path.join(env.HCPBENCH_BIN_DIR, "kine"), path.join(env.HCPBENCH_BIN_DIR, `kine-${kineVersion}`)] : []),
    // The file `hcpbench lab install` writes (with its build tags: kine-v0.17.5+nats).
    cachedBinaryPath(binaryPins.kine, { XDG_CACHE_HOME: path.join(home, ".cache") }),
    ...(env.PATH ?? "").split(":").filter(Boolean).map((d) => path.join(d, "kine")),
  ];
  const found = candidates.find((p) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  });
  if (!found) throw new Error(`kine ${kineVersion} not found (looked in ${candidates.slice(0, 3).join(", ")} and PATH): run the install step or set HCPBENCH_BIN_DIR`);
  return found;
}

export type KineBackend = "sqlite" | "postgres" | "mysql";

export interface KineServer {
  readonly backend: KineBackend;
  /** host:port of kine's etcd gRPC listener, as --target etcd= takes it. */
  readonly endpoint: string;
  /** kine's own Prometheus endpoint (--metrics-bind-address). */
  readonly metricsUrl: string;
  /** The database kine stores into (undefined for SQLite). */
  readonly database?: SqlServer;
  /** Runs SQL against kine's own database and returns the client's text output. */
  sql(query: string): Promise<string>;
  /** Rows in kine's `kine` table whose name starts with prefix: one per create, update and delete kine stored. */
  rows(prefix: string): Promise<number>;
  /** Live keys under prefix as kine's table holds them: the latest row of each name, unless that row is a delete. */
  liveKeys(prefix: string): Promise<number>;
  /** The kine process, e.g. to watch its log. */
  readonly child: ChildProcess;
  readonly logFile: string;
  stop(): Promise<void>;
}

const escapeLike = (prefix: string) => prefix.replace(/[\\%_']/g, (c) => (c === "'" ? "''" : `\\${c}`));

async function launchKine(backend: KineBackend, dataSource: string, dir: string, sql: (q: string) => Promise<string>, database?: SqlServer): Promise<KineServer> {
  const bin = findKine();
  const [port, metrics] = [await freePort(), await freePort()];
  const logFile = path.join(dir, "kine.log");
  const out = fs.openSync(logFile, "a");
  // The data source holds a password: through kine's KINE_ENDPOINT, not argv, as the lab passes it.
  const child = spawn(bin, ["--listen-address", `127.0.0.1:${port}`, "--metrics-bind-address", `127.0.0.1:${metrics}`], { stdio: ["ignore", out, out], env: { ...process.env, KINE_ENDPOINT: dataSource } });
  fs.closeSync(out);
  const endpoint = `127.0.0.1:${port}`;
  const metricsUrl = `http://127.0.0.1:${metrics}/metrics`;
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`kine on ${backend} exited with ${child.exitCode} while starting:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
    try {
      if ((await fetch(metricsUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - start > 60_000) throw new Error(`kine on ${backend} did not start in 60 s:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stopKine = stopper(child, dir);
  const like = (prefix: string) => `name LIKE '${escapeLike(prefix)}%'`;
  return {
    backend,
    endpoint,
    metricsUrl,
    ...(database ? { database } : {}),
    sql,
    child,
    logFile,
    rows: async (prefix) => Number(await sql(`SELECT COUNT(*) FROM kine WHERE ${like(prefix)};`)),
    liveKeys: async (prefix) => Number(await sql(`SELECT COUNT(*) FROM kine k WHERE ${like(prefix)} AND k.deleted = 0 AND k.id = (SELECT MAX(id) FROM kine m WHERE m.name = k.name);`)),
    stop: async () => {
      await stopKine();
      if (database) await database.stop();
    },
  };
}

/** kine on a SQLite file in a throw-away directory (WAL, as k0s runs it). */
export async function startKineOnSqlite(): Promise<KineServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-kine-sqlite-"));
  const file = path.join(dir, "state.db");
  const sql = async (q: string) => {
    const res = spawnSync("sqlite3", [file, q], { encoding: "utf8" });
    if (res.status !== 0) throw new Error(`sqlite3: ${res.stderr}`);
    return res.stdout.trim();
  };
  return launchKine("sqlite", `sqlite://${file}?_journal=WAL&cache=shared&_busy_timeout=30000`, dir, sql);
}

const kineDb = { database: "kine", user: "kine", password: "kine-test-password" };

/** kine on its own database and user in a fresh PostgreSQL 15; stop() stops both. */
export async function startKineOnPostgres(): Promise<KineServer> {
  const pg = await startPostgres();
  await pg.query(`CREATE USER ${kineDb.user} PASSWORD '${kineDb.password}'; CREATE DATABASE ${kineDb.database} OWNER ${kineDb.user};`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-kine-pg-"));
  const as = { user: kineDb.user, password: kineDb.password, database: kineDb.database };
  return launchKine("postgres", postgresDataSource({ host: pg.host, port: pg.port, ...kineDb }), dir, (q) => pg.query(q, as), pg);
}

/** kine on its own database and user in a fresh MariaDB 10.11; stop() stops both. */
export async function startKineOnMariadb(): Promise<KineServer> {
  const db = await startMariadb();
  await db.query(`CREATE DATABASE ${kineDb.database}; CREATE USER '${kineDb.user}'@'%' IDENTIFIED BY '${kineDb.password}'; GRANT ALL PRIVILEGES ON ${kineDb.database}.* TO '${kineDb.user}'@'%';`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-kine-mysql-"));
  const as = { user: kineDb.user, password: kineDb.password, database: kineDb.database };
  return launchKine("mysql", mysqlDataSource({ host: db.host, port: db.port, ...kineDb }), dir, (q) => db.query(q, as), db);
}

export function startKineOn(backend: KineBackend): Promise<KineServer> {
  return backend === "sqlite" ? startKineOnSqlite() : backend === "postgres" ? startKineOnPostgres() : startKineOnMariadb();
}
