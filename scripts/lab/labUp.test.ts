/**
 * `lab up` / `lab down` against the real programs: kube-apiserver, kine,
 * etcd 3.6 (built by `lab install`, which CI runs first), Debian's
 * PostgreSQL, MariaDB and nats-server. A missing binary fails these tests.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePortRun } from "./labPorts";
import { startPostgres, type SqlServer } from "../../test/servers/realServers";
import { adminGet } from "./apiServerProcess";
import { requireBinary } from "./labBinaries";
import { labDown } from "./labDown";
import { readLabState, type LabState } from "./labState";
import { labUp } from "./labUp";
import { parseAdminUrl, runSql } from "./storage/sqlAdmin";
import { perHcpInitSql, type HcpDatabase } from "../../infra/platform/datastores/perHcpDatabases";
import { mysqlDataSource, postgresDataSource } from "../../workloads/fleet/kineDataSource";

/** The password inside a kine data source (postgres:// URL or mysql://user:pass@tcp(...)). */
function passwordOf(dataSource: string): string {
  const m = /^[a-z]+:\/\/[^:]+:([^@]+)@/.exec(dataSource);
  if (!m) throw new Error(`no password in ${dataSource}`);
  return decodeURIComponent(m[1]);
}

/** Runs the real kine on a data source until it listens or exits (then stops it): did it serve, and what it logged. */
async function runKine(dataSource: string, timeoutMs: number): Promise<{ listening: boolean; log: string }> {
  const [listen, metrics] = [await freePortRun(1), await freePortRun(1)];
  const child = spawn(requireBinary("kine").path, ["--listen-address", `127.0.0.1:${listen}`, "--metrics-bind-address", `127.0.0.1:${metrics}`], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, KINE_ENDPOINT: dataSource },
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  let exited = false;
  child.once("exit", () => (exited = true));
  const deadline = Date.now() + timeoutMs;
  let listening = false;
  while (!exited && !listening && Date.now() < deadline) {
    listening = await new Promise<boolean>((r) => {
      const s = net.connect({ host: "127.0.0.1", port: listen }, () => (s.destroy(), r(true)));
      s.on("error", () => r(false));
    });
    if (!listening) await new Promise((r) => setTimeout(r, 200));
  }
  if (!exited) {
    // kine ignores SIGTERM while it retries a refused database login.
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await gone;
    clearTimeout(timer);
  }
  return { listening, log };
}

const repo = path.resolve(__dirname, "..", "..");

/** Every live process started in, or naming, `dir` (a second look, independent of lab.json). */
function processesUnder(dir: string): number[] {
  const found: number[] = [];
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      const cmd = fs.readFileSync(`/proc/${e}/cmdline`, "utf8");
      const cwd = fs.readlinkSync(`/proc/${e}/cwd`);
      if (cmd.includes(dir) || cwd === dir || cwd.startsWith(`${dir}/`)) found.push(Number(e));
    } catch {
      // exited while we looked
    }
  }
  return found;
}

function tempLabDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-labtest-"));
  fs.chmodSync(d, 0o711);
  return d;
}


function cli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, ["bin/hcpbench.js", ...args], { cwd: repo, encoding: "utf8", env, timeout: 120_000 });
}

function expectOneLineExit2(r: ReturnType<typeof cli>, pattern: RegExp): void {
  expect(r.stderr.trim()).toMatch(pattern);
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe("lab up: bad input exits 2 with one line and starts nothing", () => {
  it("unknown backend, --hcps 0 or negative", () => {
    const dir = tempLabDir();
    expectOneLineExit2(cli(["lab", "up", "etcd", "kine-oracle", "--dir", dir]), /^hcpbench: backend "kine-oracle": must be one of etcd, kine-postgres, kine-mysql, kine-sqlite, kine-nats-embedded$/);
    expectOneLineExit2(cli(["lab", "up", "etcd", "--hcps", "0", "--dir", dir]), /^hcpbench: --hcps: must be a whole number from 1 to 200 \(got "0"\)$/);
    expectOneLineExit2(cli(["lab", "up", "etcd", "--hcps=-3", "--dir", dir]), /--hcps: must be a whole number/);
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true });
  }, 300_000);

  it("a missing binary is named with the install command", () => {
    const dir = tempLabDir();
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-nocache-"));
    const r = cli(["lab", "up", "kine-sqlite", "--dir", dir], { PATH: "/usr/bin:/bin", XDG_CACHE_HOME: cache, HOME: cache });
    expectOneLineExit2(r, /^hcpbench: kube-apiserver v1\.33\.13: not found \(.*\): run npx hcpbench lab install$/);
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true });
    fs.rmSync(cache, { recursive: true });
  }, 180_000);

  it("a port that is taken", async () => {
    const dir = tempLabDir();
    const base = await freePortRun(4);
    const squatter = net.createServer().listen(base + 2, "127.0.0.1");
    await new Promise((r) => squatter.once("listening", r));
    try {
      const r = spawnSync(process.execPath, ["bin/hcpbench.js", "lab", "up", "etcd", "--dir", dir, "--port-base", String(base)], { cwd: repo, encoding: "utf8" });
      // etcd takes base (API server of hcp-001), base+1 (etcd client), base+2 (etcd peer).
      expectOneLineExit2(r as ReturnType<typeof cli>, new RegExp(`^hcpbench: --port-base: port ${base + 2} on 127\\.0\\.0\\.1 \\(etcd peer\\) is taken`));
    } finally {
      squatter.close();
    }
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true });
  }, 180_000);

  describe("an existing database server", () => {
    let pg: SqlServer;
    beforeAll(async () => {
      pg = await startPostgres();
    });
    afterAll(async () => {
      await pg?.stop();
    });

    it("unreachable, or refusing the admin login", async () => {
      const dir = tempLabDir();
      const closed = await freePortRun(1);
      expectOneLineExit2(cli(["lab", "up", "kine-postgres", "--dir", dir, "--postgres-admin-url", `postgres://postgres:x@127.0.0.1:${closed}/postgres`]), new RegExp(`^hcpbench: --postgres-admin-url: cannot log in to 127\\.0\\.0\\.1:${closed} as postgres: .*(refused|could not connect)`));
      expectOneLineExit2(cli(["lab", "up", "kine-postgres", "--dir", dir, "--postgres-admin-url", `postgres://postgres:wrong-password@127.0.0.1:${pg.port}/postgres`]), /^hcpbench: --postgres-admin-url: cannot log in to 127\.0\.0\.1:\d+ as postgres: .*password authentication failed/);
      expectOneLineExit2(cli(["lab", "up", "kine-mysql", "--dir", dir, "--mysql-admin-url", `postgres://u:p@127.0.0.1:${closed}`]), /^hcpbench: --mysql-admin-url: scheme must be mysql or mariadb \(got "postgres"\)$/);
      expect(fs.readdirSync(dir)).toEqual([]);
      expect(processesUnder(dir)).toEqual([]);
      fs.rmSync(dir, { recursive: true });
    }, 300_000);
  });
});

describe("a lab on every backend", () => {
  let dir: string;
  let state: LabState;
  beforeAll(async () => {
    dir = tempLabDir();
    const base = await freePortRun(40);
    state = await labUp({ backends: ["etcd", "kine-sqlite", "kine-postgres", "kine-mysql", "kine-nats-embedded"], hcps: 1, dir, portBase: base, parallel: 2, log: () => undefined });
  }, 600_000);
  afterAll(async () => {
    if (!dir) return;
    await labDown(dir, () => undefined);
    expect(processesUnder(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("writes lab.json 0600 with each HCP's storage, pids and time to Ready", () => {
    expect(fs.statSync(path.join(dir, "lab.json")).mode & 0o777).toBe(0o600);
    const onDisk = readLabState(dir)!;
    expect(onDisk.status).toBe("up");
    expect(onDisk.hcps.map((h) => h.backend).sort()).toEqual(["etcd", "kine-mysql", "kine-nats-embedded", "kine-postgres", "kine-sqlite"]);
    for (const h of onDisk.hcps) {
      expect(h.kubeconfig).toBe(path.join(dir, h.backend, "hcp-001.kubeconfig"));
      expect(fs.statSync(h.kubeconfig).mode & 0o777).toBe(0o600);
      expect(h.secondsToReady).toBeGreaterThan(0);
      expect(Date.parse(h.readyAt) - Date.parse(h.startedAt)).toBeCloseTo(h.secondsToReady * 1000, -1);
      // The pid kube-apiserver runs as is the one recorded (read from /proc, not from the lab).
      expect(fs.readFileSync(`/proc/${h.pids.apiserver}/cmdline`, "utf8").split("\0")[0]).toBe(requireBinary("kube-apiserver").path);
      if (h.storage.kind === "kine") {
        // kine got the data source exactly, through KINE_ENDPOINT; its argv, which every user can read, has no password.
        const environ = fs.readFileSync(`/proc/${h.pids.kine}/environ`, "utf8").split("\0");
        expect(environ).toContain(`KINE_ENDPOINT=${h.storage.dataSource}`);
        const argv = fs.readFileSync(`/proc/${h.pids.kine}/cmdline`, "utf8");
        expect(argv).not.toContain(h.storage.dataSource);
        expect(argv).not.toContain("--endpoint");
      }
    }
    const byBackend = Object.fromEntries(onDisk.hcps.map((h) => [h.backend, h.storage]));
    expect(byBackend.etcd).toMatchObject({ kind: "etcd", prefix: "/hcp-001" });
    expect(byBackend["kine-sqlite"]).toMatchObject({ engine: "sqlite", sqliteFile: path.join(dir, "kine-sqlite", "hcp-001", "db", "state.db") });
    expect(byBackend["kine-postgres"]).toMatchObject({ engine: "postgres", database: "hcp_001", user: "hcp_001" });
    expect(byBackend["kine-postgres"].kind === "kine" && byBackend["kine-postgres"].dataSource).toMatch(/^postgres:\/\/hcp_001:[0-9a-f]{64}@127\.0\.0\.1:\d+\/hcp_001\?sslmode=disable$/);
    expect(byBackend["kine-mysql"].kind === "kine" && byBackend["kine-mysql"].dataSource).toMatch(/^mysql:\/\/hcp_001:[0-9a-f]{64}@tcp\(127\.0\.0\.1:\d+\)\/hcp_001$/);
    expect(state.hcps).toHaveLength(5);
  });

  it("kine-nats-embedded records which NATS ran, matching how kine was built", () => {
    const h = state.hcps.find((x) => x.backend === "kine-nats-embedded")!;
    // Second method: the Go toolchain's own record of the build tags (`go version -m`).
    const info = spawnSync("go", ["version", "-m", requireBinary("kine").path], { encoding: "utf8" }).stdout;
    const tags = /\bbuild\s+-tags=(\S+)/.exec(info)?.[1]?.split(",") ?? [];
    expect(h.storage).toMatchObject({ engine: "nats", natsBucket: "hcp_001", nats: tags.includes("nats") ? "embedded" : "nats-server" });
    // lab install builds kine as its release does, with the nats tag (kine scripts/build): the embedded server ran,
    // holding its JetStream data in the HCP's folder, and no nats-server process is part of the lab.
    if (requireBinary("kine").source === "cache") {
      expect(tags).toContain("nats");
      expect(fs.readdirSync(path.join(dir, "kine-nats-embedded", "hcp-001", "nats")).length).toBeGreaterThan(0);
      expect(state.processes.some((p) => /nats-server/.test(p.role))).toBe(false);
    }
  });

  it("each API server speaks TLS with its own CA and lets only authenticated, authorised users in", async () => {
    for (const h of state.hcps) {
      const pki = { caCert: path.join(dir, h.backend, h.name, "pki", "ca.crt"), adminCert: path.join(dir, h.backend, h.name, "pki", "admin.crt"), adminKey: path.join(dir, h.backend, h.name, "pki", "admin.key") };
      const ns = await adminGet(h.apiUrl, pki, "/api/v1/namespaces/default");
      expect(ns.status).toBe(200);
      // Anonymous: authenticated as system:anonymous, which RBAC does not let read namespaces.
      const anon = await new Promise<number>((resolve, reject) => {
        const https = require("node:https") as typeof import("node:https");
        https.get(`${h.apiUrl}/api/v1/namespaces`, { ca: fs.readFileSync(pki.caCert) }, (res) => resolve(res.statusCode ?? 0)).on("error", reject);
      });
      expect(anon).toBe(403);
    }
    // Another HCP's admin certificate is from another CA: refused.
    const [a, b] = [state.hcps[0], state.hcps[1]];
    const foreign = { caCert: path.join(dir, a.backend, a.name, "pki", "ca.crt"), adminCert: path.join(dir, b.backend, b.name, "pki", "admin.crt"), adminKey: path.join(dir, b.backend, b.name, "pki", "admin.key") };
    expect((await adminGet(a.apiUrl, foreign, "/api/v1/namespaces")).status).toBe(401);
  });

  it.each(["postgres", "mysql"] as const)("kine on %s: the HCP's rows are in its own kine table; a real kine as another HCP's user is refused there, and as its own user creates its table and serves", async (engine) => {
    const backend = engine === "postgres" ? "kine-postgres" : "kine-mysql";
    const h = state.hcps.find((x) => x.backend === backend)!;
    const server = state.servers.find((s) => s.backend === backend)!;
    if (h.storage.kind !== "kine" || !server.adminUrl) throw new Error(`${backend}: no kine storage or admin URL in lab.json`);
    const admin = parseAdminUrl("adminUrl", engine, server.adminUrl);
    const own = { user: h.storage.user!, password: passwordOf(h.storage.dataSource), database: h.storage.database! };
    // kube-apiserver creates four system namespaces (default, kube-system, kube-public, kube-node-lease) at start.
    const ns = await runSql(admin, "SELECT count(*) FROM kine WHERE name LIKE '/registry/namespaces/%' AND deleted = 0;", own);
    expect(Number(ns)).toBeGreaterThanOrEqual(4);
    // A second HCP's database and user, made by the same init SQL the platform's Job runs.
    const other: HcpDatabase = { database: "hcp_other", user: "hcp_other", password: "other-hcp-password-0123456789" };
    await runSql(admin, perHcpInitSql(engine, [other]));
    await expect(runSql(admin, "SELECT 1;", { ...own, database: other.database })).rejects.toThrow(engine === "postgres" ? /permission denied for database "hcp_other"/ : /Access denied for user 'hcp_001'@'%' to database 'hcp_other'/);
    const source = (d: { user: string; password: string; database: string }) => {
      const s = { host: admin.host, port: admin.port, ...d };
      return engine === "postgres" ? postgresDataSource(s) : mysqlDataSource(s);
    };
    const refused = await runKine(source({ ...own, database: other.database }), 10_000);
    expect(refused.listening).toBe(false);
    expect(refused.log).toMatch(engine === "postgres" ? /permission denied for database "hcp_other"/ : /Access denied for user 'hcp_001'@'%' to database 'hcp_other'/);
    const served = await runKine(source(other), 60_000);
    expect(served.listening, served.log).toBe(true);
    expect(Number(await runSql(admin, "SELECT count(*) FROM kine;", other))).toBeGreaterThan(0);
  }, 120_000);

  it("kine on SQLite writes the HCP's rows into its own file", () => {
    const h = state.hcps.find((x) => x.backend === "kine-sqlite")!;
    expect(h.storage.kind === "kine" && fs.statSync(h.storage.sqliteFile!).size).toBeGreaterThan(0);
  });

  it("a second lab up in the same folder is refused while this one runs", () => {
    expectOneLineExit2(cli(["lab", "up", "etcd", "--dir", dir]), /^hcpbench: --dir: a lab is already up in .*: run npx hcpbench lab down --dir /);
  }, 180_000);
});

describe("lab down", () => {
  it("after lab up was killed, ends everything from lab.json; an interrupted lab up leaves nothing", async () => {
    for (const how of ["SIGKILL", "SIGINT"] as const) {
      const dir = tempLabDir();
      const base = await freePortRun(10);
      const child = spawn(process.execPath, ["bin/hcpbench.js", "lab", "up", "etcd", "--hcps", "2", "--dir", dir, "--port-base", String(base)], { cwd: repo, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      // Wait until the lab has started the API servers (etcd first, then them).
      for (let i = 0; i < 600; i++) {
        const s = fs.existsSync(path.join(dir, "lab.json")) ? readLabState(dir) : undefined;
        if (s && s.processes.length >= 2) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(readLabState(dir)!.processes.length).toBeGreaterThanOrEqual(2);
      child.kill(how);
      const code = await exited;
      if (how === "SIGINT") {
        expect(code).toBe(130);
        expect(stderr).toContain("SIGINT");
        expect(processesUnder(dir)).toEqual([]);
        expect(fs.existsSync(path.join(dir, "lab.json"))).toBe(false);
      } else {
        expect(processesUnder(dir).length).toBeGreaterThanOrEqual(2);
        const r = cli(["lab", "down", "--dir", dir]);
        expect(r.status).toBe(0);
        expect(processesUnder(dir)).toEqual([]);
        expect(fs.existsSync(path.join(dir, "lab.json"))).toBe(false);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it("never ends a process whose pid is not the lab's any more", async () => {
    const dir = tempLabDir();
    const other = spawn("sleep", ["60"], { stdio: "ignore" });
    try {
      // lab.json as a crashed lab left it, with a pid now held by another program.
      fs.writeFileSync(
        path.join(dir, "lab.json"),
        JSON.stringify({ schemaVersion: 1, dir, createdAt: new Date().toISOString(), status: "starting", processes: [{ role: "kube-apiserver etcd/hcp-001", pid: other.pid, exe: "/usr/bin/sleep", marker: dir, log: path.join(dir, "etcd", "x.log"), startedAt: new Date().toISOString() }], servers: [], hcps: [], createdDatabases: [] }),
        { mode: 0o600 },
      );
      const report = await labDown(dir, () => undefined);
      expect(report.stopped).toEqual([]);
      expect(fs.existsSync(`/proc/${other.pid}`)).toBe(true);
      expect(fs.existsSync(path.join(dir, "lab.json"))).toBe(false);
    } finally {
      other.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
