/**
 * Real servers for tests: etcd, PostgreSQL, MariaDB and NATS from Debian's
 * packages, each started on a free loopback port with its own throw-away data
 * directory. A missing binary is an error (CI installs them in .ci/run); tests
 * never skip for want of a server.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { tcpOpen } from "../../scripts/lab/labPorts";
import { createAdminSql, initMariadbDataDir } from "../../scripts/lab/storage/mariadbDataDir";
import { runSqlClient } from "../../scripts/lab/storage/sqlAdmin";

const PG_BIN = "/usr/lib/postgresql/15/bin";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

function requireBinary(file: string, debianPackage: string): string {
  const found = file.includes("/") ? (fs.existsSync(file) ? file : undefined) : which(file);
  if (!found) throw new Error(`test server binary ${file} not found: install the Debian package ${debianPackage} (bash .ci/run does)`);
  return found;
}

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":").concat(["/usr/sbin", "/usr/bin", "/usr/local/bin"])) {
    const p = path.join(dir, cmd);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} while starting:\n${log()}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become ready in ${timeoutMs} ms:\n${log()}`);
}


function makeDataDir(name: string, owner?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hcpbench-${name}-`));
  fs.chmodSync(dir, 0o700);
  if (owner && isRoot) spawnSync("chown", ["-R", `${owner}:${owner}`, dir]);
  return dir;
}

function launch(cmd: string, args: string[], opts: { asUser?: string; logFile: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  const out = fs.openSync(opts.logFile, "a");
  const [file, argv] = opts.asUser && isRoot ? ["runuser", ["-u", opts.asUser, "--", cmd, ...args]] : [cmd, args];
  const child = spawn(file, argv, { stdio: ["ignore", out, out], env: { ...process.env, ...opts.env } });
  fs.closeSync(out);
  return child;
}

/** Stops a server process (SIGTERM, SIGKILL after 10 s) and removes its data directory. */
export function stopper(child: ChildProcess, dataDir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

const readLog = (file: string) => () => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").slice(-4000) : "");

// ---------------------------------------------------------------- etcd

export interface EtcdServer extends RunningServer {
  /** Client URL, e.g. http://127.0.0.1:23790 (also serves /metrics and the v3 JSON gateway). */
  readonly endpoint: string;
}

export async function startEtcd(opts: { extraArgs?: string[] } = {}): Promise<EtcdServer> {
  const bin = requireBinary("etcd", "etcd-server");
  const [port, peer] = [await freePort(), await freePort()];
  const dataDir = makeDataDir("etcd");
  const logFile = path.join(dataDir, "..", `${path.basename(dataDir)}.log`);
  const endpoint = `http://127.0.0.1:${port}`;
  const child = launch(
    bin,
    [
      "--name", "test",
      "--data-dir", path.join(dataDir, "data"),
      "--listen-client-urls", endpoint,
      "--advertise-client-urls", endpoint,
      "--listen-peer-urls", `http://127.0.0.1:${peer}`,
      "--initial-advertise-peer-urls", `http://127.0.0.1:${peer}`,
      "--initial-cluster", `test=http://127.0.0.1:${peer}`,
      "--quota-backend-bytes", String(4 * 1024 ** 3),
      "--log-level", "warn",
      ...(opts.extraArgs ?? []),
    ],
    { logFile, env: { ETCD_UNSUPPORTED_ARCH: "" } },
  );
  await waitFor("etcd", async () => {
    try {
      const res = await fetch(`${endpoint}/health`);
      return res.ok && ((await res.json()) as { health?: string }).health === "true";
    } catch {
      return false;
    }
  }, child, readLog(logFile));
  const stop = stopper(child, dataDir);
  return { host: "127.0.0.1", port, dataDir, endpoint, stop: async () => { await stop(); fs.rmSync(logFile, { force: true }); } };
}

// ---------------------------------------------------------------- PostgreSQL

export interface SqlCredentials {
  readonly user: string;
  readonly password: string;
  readonly database?: string;
}

export interface SqlServer extends RunningServer {
  readonly admin: SqlCredentials;
  /** Runs SQL through the engine's own command-line client over TCP; rejects with the client's stderr on failure. */
  query(sql: string, as?: SqlCredentials): Promise<string>;
}


/**
 * PostgreSQL 15 with password (scram) authentication on loopback, so tests can
 * prove one user is refused on another's database. `configFile` is appended to
 * postgresql.conf before the first start (a generated tuning file, say).
 */
export async function startPostgres(opts: { configFile?: string } = {}): Promise<SqlServer> {
  const initdb = requireBinary(`${PG_BIN}/initdb`, "postgresql");
  const postgres = requireBinary(`${PG_BIN}/postgres`, "postgresql");
  requireBinary("psql", "postgresql-client");
  const port = await freePort();
  const dataDir = makeDataDir("pg", "postgres");
  const pgdata = path.join(dataDir, "data");
  const logFile = path.join(dataDir, "server.log");
  const admin: SqlCredentials = { user: "postgres", password: "test-admin-password", database: "postgres" };
  const pwfile = path.join(dataDir, "pw");
  fs.writeFileSync(pwfile, admin.password);
  if (isRoot) spawnSync("chown", ["postgres:postgres", pwfile]);
  const init = spawnSync(isRoot ? "runuser" : initdb, [...(isRoot ? ["-u", "postgres", "--", initdb] : []), "-D", pgdata, "-U", admin.user, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "-E", "UTF8"], { encoding: "utf8" });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const conf = [
    `listen_addresses = '127.0.0.1'`,
    `port = ${port}`,
    `unix_socket_directories = '${dataDir}'`,
    `fsync = off`,
    opts.configFile ?? "",
  ].join("\n");
  fs.appendFileSync(path.join(pgdata, "postgresql.conf"), `\n${conf}\n`);
  const child = launch(postgres, ["-D", pgdata], { asUser: "postgres", logFile });
  const query = (sql: string, as: SqlCredentials = admin) =>
    runSqlClient("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", as.user, "-d", as.database ?? "postgres", "-v", "ON_ERROR_STOP=1", "-X", "-q", "-t", "-A", "-f", "-"], { PGPASSWORD: as.password, PGCONNECT_TIMEOUT: "5" }, sql);
  await waitFor("postgres", async () => (await tcpOpen(port)) && query("select 1").then(() => true, () => false), child, readLog(logFile));
  return { host: "127.0.0.1", port, dataDir, admin, query, stop: stopper(child, dataDir) };
}

// ---------------------------------------------------------------- MariaDB

/**
 * MariaDB 10.11 (the MySQL-compatible server Debian ships). `configFile` is a
 * my.cnf fragment included after the test settings, e.g. a generated tuning file.
 */
export async function startMariadb(opts: { configFile?: string } = {}): Promise<SqlServer> {
  requireBinary("mariadb-install-db", "mariadb-server");
  const mariadbd = requireBinary("mariadbd", "mariadb-server");
  requireBinary("mariadb", "mariadb-client");
  const port = await freePort();
  const dataDir = makeDataDir("mariadb", "mysql");
  const logFile = path.join(dataDir, "server.log");
  const user = isRoot ? ["--user=mysql"] : [];
  if (isRoot) spawnSync("chown", ["-R", "mysql:mysql", dataDir]);
  const { cnf, socket } = initMariadbDataDir(dataDir, port, ["innodb_flush_log_at_trx_commit = 2", opts.configFile ?? ""], user);
  const child = launch(mariadbd, [`--defaults-file=${cnf}`, ...user], { logFile });
  const socketQuery = (sql: string) => runSqlClient("mariadb", ["-S", socket, "-u", "root", "-N", "-B"], {}, sql);
  await waitFor("mariadb", async () => (await tcpOpen(port)) && socketQuery("select 1").then(() => true, () => false), child, readLog(logFile));
  const admin: SqlCredentials = { user: "hcpbench_admin", password: "test-admin-password" };
  await socketQuery(createAdminSql(admin));
  const query = (sql: string, as: SqlCredentials = admin) =>
    runSqlClient("mariadb", ["-h", "127.0.0.1", "-P", String(port), "--protocol=TCP", "-u", as.user, ...(as.database ? ["-D", as.database] : []), "-N", "-B", "--connect-timeout=5"], { MYSQL_PWD: as.password }, sql);
  return { host: "127.0.0.1", port, dataDir, admin, query, stop: stopper(child, dataDir) };
}

// ---------------------------------------------------------------- NATS

export interface NatsServer extends RunningServer {
  /** nats://127.0.0.1:<port> */
  readonly url: string;
  /** http://127.0.0.1:<port> monitoring endpoint (/varz, /jsz). */
  readonly monitorUrl: string;
}

/** `nats-server -t -c file`: the server's own verdict on a config file, without starting it. */
export function checkNatsConfig(configText: string): { ok: boolean; output: string } {
  const bin = requireBinary("nats-server", "nats-server");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-natscfg-"));
  const file = path.join(dir, "nats.conf");
  fs.writeFileSync(file, configText);
  const res = spawnSync(bin, ["-t", "-c", file], { encoding: "utf8" });
  fs.rmSync(dir, { recursive: true, force: true });
  return { ok: res.status === 0, output: `${res.stdout}${res.stderr}` };
}

/**
 * NATS with JetStream. With `configText`, the server runs that config; its
 * listen/http/store settings are forced to loopback ports and a temp dir
 * so generated configs meant for Kubernetes can be run here unchanged otherwise.
 */
export async function startNats(opts: { configText?: string } = {}): Promise<NatsServer> {
  const bin = requireBinary("nats-server", "nats-server");
  const [port, monitor] = [await freePort(), await freePort()];
  const dataDir = makeDataDir("nats");
  const logFile = path.join(dataDir, "server.log");
  const args = ["-a", "127.0.0.1", "-p", String(port), "-m", String(monitor), "-js", "-sd", path.join(dataDir, "js")];
  if (opts.configText !== undefined) {
    const file = path.join(dataDir, "nats.conf");
    fs.writeFileSync(file, opts.configText);
    args.unshift("-c", file);
  }
  const child = launch(bin, args, { logFile });
  const monitorUrl = `http://127.0.0.1:${monitor}`;
  await waitFor("nats-server", async () => {
    try {
      return (await fetch(`${monitorUrl}/healthz?js-enabled-only=true`)).ok;
    } catch {
      return false;
    }
  }, child, readLog(logFile));
  return { host: "127.0.0.1", port, dataDir, url: `nats://127.0.0.1:${port}`, monitorUrl, stop: stopper(child, dataDir) };
}
