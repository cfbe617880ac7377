import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../infra/names/inputError";
import { checkNatsConfig } from "../../test/servers/realServers";
import { benchRows } from "./labBenchTable";
import type { LabBenchPoint } from "./labBench";
import { allStats, parseProcStat, parseSmapsRollupPssMi, parseVmRssMi, ProcSampler, treeOf } from "./procSampler";
import { execFileSync, spawn } from "node:child_process";
import { labSqliteDataSource } from "./backends/kineSqliteBackend";
import { labNatsConfig } from "./storage/natsServer";
import { adminUrlOf, parseAdminUrl } from "./storage/sqlAdmin";
import { ephemeralPortRange, freePortRun, PortPlan } from "./labPorts";
import { defaultPortBase } from "./labUp";

describe("reading /proc", () => {
  it("parses stat fields after a command name with spaces and parentheses", () => {
    // Field 2 is "(comm)"; utime and stime are fields 14 and 15 (proc(5)).
    const line = "4242 (kube (api) server) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 12 0 300 1000000 5000";
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 17, ticks: 325 });
    expect(parseVmRssMi("Name:\tpostgres\nVmRSS:\t  20480 kB\nThreads:\t1\n")).toBe(20);
    // smaps_rollup as proc(5) shows it: the [rollup] line, then Rss before Pss (and Pss_Anon etc. after).
    const rollup = "5581c3c5e000-7ffd8a5ed000 ---p 00000000 00:00 0                          [rollup]\nRss:               51200 kB\nPss:               10240 kB\nPss_Anon:           4096 kB\n";
    expect(parseSmapsRollupPssMi(rollup)).toBe(10);
    expect(parseSmapsRollupPssMi("Rss: 1 kB\n")).toBeUndefined();
  });

  it("a tree's memory is the sum of its PSS, less than the sum of its RSS when pages are shared", async () => {
    // Three sleeps under one shell share libc and the shell's text: each RSS counts those pages again.
    const child = spawn("sh", ["-c", "sleep 30 & sleep 30 & sleep 30 & wait"], { stdio: "ignore" });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const sampler = new ProcSampler([{ role: "sh", pid: child.pid!, group: "storage" }], 100);
      sampler.start();
      await new Promise((r) => setTimeout(r, 250));
      const points = sampler.stop()[0].points;
      const tree = treeOf(child.pid!, allStats());
      expect(tree.length).toBe(4);
      const rssSum = tree.reduce((a, p) => a + parseVmRssMi(fs.readFileSync(`/proc/${p}/status`, "utf8")), 0);
      const mem = points[points.length - 1].memMi;
      expect(mem).toBeGreaterThan(0);
      expect(mem).toBeLessThan(rssSum);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("a process counts with its descendants", () => {
    const stats = [
      { pid: 10, ppid: 1, ticks: 0 },
      { pid: 11, ppid: 10, ticks: 0 },
      { pid: 12, ppid: 11, ticks: 0 },
      { pid: 13, ppid: 1, ticks: 0 },
    ];
    expect(treeOf(10, stats).sort()).toEqual([10, 11, 12]);
  });

  it("samples a busy process near one core and its own memory (second method: the process's own cpuUsage)", async () => {
    const sampler = new ProcSampler([{ role: "self", pid: process.pid, group: "hcp" }], 200);
    sampler.start();
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    while (Date.now() - t0 < 1200) Math.sqrt(Math.random());
    const used = process.cpuUsage(cpu0);
    const series = sampler.stop()[0];
    const sampledCpuS = series.points.reduce((a, p) => a + (p.cpuM / 1000) * p.dt, 0);
    expect(sampledCpuS).toBeGreaterThan(((used.user + used.system) / 1e6) * 0.5);
    // PSS lies between the private pages and RSS: RSS less the resident shared pages (statm's third field) at least.
    const [, residentPages, sharedPages] = fs.readFileSync("/proc/self/statm", "utf8").trim().split(" ").map(Number);
    const pageMi = Number(execFileSync("getconf", ["PAGESIZE"], { encoding: "utf8" }).trim()) / 2 ** 20;
    const peak = Math.max(...series.points.map((p) => p.memMi));
    expect(peak).toBeLessThanOrEqual(residentPages * pageMi * 1.1);
    expect(peak).toBeGreaterThanOrEqual((residentPages - sharedPages) * pageMi * 0.9);
  });
});

describe("lab pieces", () => {
  it("lab ports stay below the kernel's ephemeral range, which outgoing connections draw from", async () => {
    const { low } = ephemeralPortRange();
    expect(Number(fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0])).toBe(low);
    for (let i = 0; i < 20; i++) expect((await freePortRun(16)) + 16).toBeLessThanOrEqual(low);
    // The default lab of 4 backends x 10 HCPs takes about 100 ports from the default base.
    expect(defaultPortBase + 100).toBeLessThanOrEqual(low);
  });

  it("admin URLs: parsed, refused with the flag named, written back the same", () => {
    const a = parseAdminUrl("--postgres-admin-url", "postgres", "postgres://admin:p%40ss@127.0.0.1:6543/postgres");
    expect(a).toEqual({ engine: "postgres", host: "127.0.0.1", port: 6543, user: "admin", password: "p@ss", database: "postgres" });
    expect(parseAdminUrl("--postgres-admin-url", "postgres", adminUrlOf(a))).toEqual(a);
    expect(parseAdminUrl("--mysql-admin-url", "mysql", "mysql://root:x@localhost").port).toBe(3306);
    expect(() => parseAdminUrl("--mysql-admin-url", "mysql", "not a url")).toThrow(InputError);
    expect(() => parseAdminUrl("--mysql-admin-url", "mysql", "mysql://127.0.0.1:3306")).toThrow("--mysql-admin-url: needs a user and a host");
  });

  it("the SQLite data source keeps the fleet's parameters with the lab's file", () => {
    expect(labSqliteDataSource("/tmp/lab/kine-sqlite/hcp-001/db/state.db")).toBe("sqlite:///tmp/lab/kine-sqlite/hcp-001/db/state.db?mode=rwc&_journal=WAL");
  });

  it("ports: handed out in order, never past 65535", () => {
    const plan = new PortPlan(40100);
    expect([plan.take("a"), plan.take("b")]).toEqual([40100, 40101]);
    const edge = new PortPlan(65535);
    expect(edge.take("x")).toBe(65535);
    expect(() => edge.take("y")).toThrow(InputError);
  });

  it("the NATS config built from the platform's builder passes nats-server's own check", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-natscfg-"));
    try {
      const conf = labNatsConfig(dir, { client: 4333, monitor: 8333 });
      expect(conf).toContain('"host": "127.0.0.1"');
      expect(conf).toContain('"http": "127.0.0.1:8333"');
      expect(conf).toContain("$NATS_PASSWORD");
      const verdict = checkNatsConfig(conf.replace("$NATS_PASSWORD", '"x"').replace("$POD_NAME", '"lab"'));
      expect(verdict.ok, verdict.output).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("bench rows: writes add up over HCPs, p99 is the worst HCP's, medians over runs (hand-worked)", () => {
    const step = (successes: number, throughputOps: number, p99: number) => ({ successes, errors: 0, throughputOps, latency: { p99 } });
    const point = (hcp: string, run: number, writes: number, rate: number, p99: number, clientCpuS: number, serverCpuS: number) =>
      ({ backend: "kine-postgres", stack: "lab-kine-postgres-2", hcps: 2, hcp, profile: "create-list", concurrency: 50, run, clientCpuS, serverCpuS, result: { writes: step(writes, rate, p99), reads: { errors: 0 } } }) as unknown as LabBenchPoint;
    const rows = benchRows([point("hcp-001", 1, 100, 40, 0.1, 1, 4), point("hcp-002", 1, 100, 60, 0.3, 1, 4), point("hcp-001", 2, 100, 50, 0.2, 2, 6), point("hcp-002", 2, 100, 70, 0.2, 2, 6)]);
    // run 1: 100 w/s, p99 300 ms, client 1 s / 200 writes = 5 ms, server 4 s / 200 = 20 ms; run 2: 120, 200, 10, 30.
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ writesPerS: 110, writeP99Ms: 250, clientCpuMsPerWrite: 7.5, serverCpuMsPerWrite: 25, errors: 0 });
  });
});
