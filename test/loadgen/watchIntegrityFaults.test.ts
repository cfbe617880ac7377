import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";
import { startApiServerOnEtcd, type ApiServerOnEtcd } from "../k8sApiServer/apiServerOnEtcd";
import { startKineOnPostgres, type KineServer } from "../servers/kineServer";
import { startLineFaultProxy, type StreamFaults } from "../servers/lineFaultProxy";
import { startEtcd, type EtcdServer } from "../servers/realServers";
import { startTcpCutProxy } from "../servers/tcpCutProxy";
import { EtcdDriver } from "../../workloads/loadgen/drivers/etcd/etcdDriver";
import { nowMicros } from "../../workloads/loadgen/measure/clock";
import { logWriteOk, logWriteSent, newWriteLog, type WriteLog } from "../../workloads/loadgen/watch/watchIntegrity";
import { newDeleteSendTimes } from "../../workloads/loadgen/watch/watcherGroup";
import { WatcherPool } from "../../workloads/loadgen/watch/watcherPool";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A psql session kept open, so a transaction can stay uncommitted while the test pauses its server process. */
class PsqlSession {
  private out = "";
  private readonly child: ChildProcessWithoutNullStreams;
  constructor(port: number, user: string, password: string, database: string) {
    this.child = spawn("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database, "-X", "-q", "-t", "-A"], { env: { ...process.env, PGPASSWORD: password } });
    this.child.stdout.on("data", (d) => (this.out += d));
    this.child.stderr.on("data", (d) => (this.out += d));
  }
  /** Sends SQL and waits for a line matching `until` in the output. */
  async send(sql: string, until: RegExp): Promise<string> {
    this.out = "";
    this.child.stdin.write(`${sql}\n`);
    for (let i = 0; i < 200 && !until.test(this.out); i++) await sleep(25);
    if (!until.test(this.out)) throw new Error(`psql: no ${until} in ${JSON.stringify(this.out)}`);
    return this.out;
  }
  async end(): Promise<void> {
    this.child.stdin.end("ROLLBACK;\n\\q\n");
    await new Promise((r) => this.child.once("exit", r));
  }
}

/**
 * The stall detector against kine's known stall on PostgreSQL ID gaps: a
 * transaction takes the next id of kine's table and its server process is
 * paused (SIGSTOP) before it commits. kine's writes carry on, on other
 * connections, and succeed; kine's poll sees the missing id, waits, then
 * tries to fill it, which blocks on the paused transaction's row lock. The
 * watchers hear nothing while writes succeed, until the process resumes.
 */
describe("watch stalls: kine on PostgreSQL with a paused database process", () => {
  let kine: KineServer;
  beforeAll(async () => {
    kine = await startKineOnPostgres();
  }, 120_000);
  afterAll(() => kine?.stop());

  const churn = () => runLoadgen({ target: { kind: "etcd", endpoint: kine.endpoint }, profile: "watch-churn", ops: 250, rate: 100, concurrency: 8, watchers: 2, warmup: 0, watchStallSeconds: 1, scrapeServerMetrics: false });

  it("a clean run: no stall, no gap, nothing out of order", async () => {
    const r = await churn();
    expect(r.writes.errors).toBe(0);
    expect(r.watch!.events).toBe(r.watch!.expectedEvents);
    expect(r.watch!.integrity).toMatchObject({ gaps: 0, duplicates: 0, outOfOrder: 0, phantomEvents: 0, stalls: 0 });
  }, 120_000);

  it("a paused backend holding an id: each watcher stalls while writes succeed, from the first write it missed, and recovers", async () => {
    const pg = kine.database!;
    const session = new PsqlSession(pg.port, "kine", "kine-test-password", "kine");
    const run = churn();
    await sleep(2500);
    // kine fills ids it waited too long for with explicit inserts, so the sequence's next id can already
    // be taken (duplicate key): then the transaction is aborted, prints no pid, and is tried again.
    let out = "";
    for (let attempt = 0; attempt < 10 && !/pid=\d+/.test(out); attempt++) {
      out = await session.send(
        "ROLLBACK; BEGIN; INSERT INTO kine (name, created, deleted, create_revision, prev_revision, lease, value, old_value) VALUES ('/hcpbench-test/held', 1, 0, 0, 0, 0, '', ''); SELECT 'pid=' || pg_backend_pid();",
        /pid=\d+|ERROR:.*\n(.|\n)*ERROR:/,
      );
    }
    const pid = Number(/pid=(\d+)/.exec(out)![1]);
    const pausedAt = Date.now();
    process.kill(pid, "SIGSTOP");
    await sleep(4000);
    process.kill(pid, "SIGCONT");
    const pausedMs = Date.now() - pausedAt;
    await session.end();
    const r = await run;

    // kine answers some updates during the gap with a failed compare (seen: 5 to 12 of 1,000): counted as
    // conflicts, never as events. Everything else succeeded while the watchers heard nothing.
    expect(r.writes.errors).toBe(r.writes.errorsByClass.conflict);
    expect(r.writes.successes).toBeGreaterThan(900);
    const integrity = r.watch!.integrity!;
    // Every watcher stalled once, and came back when the process resumed.
    expect(integrity.perWatcher.map((w) => w.stalls)).toEqual([1, 1]);
    expect(integrity.stallList.every((s) => s.recovered)).toBe(true);
    for (const s of integrity.stallList) {
      // Began at a write acknowledged while the watchers heard nothing: after the run started, before the pause ended.
      expect(s.beganS).toBeGreaterThan(1);
      expect(s.durationS).toBeGreaterThan(2);
      expect(s.durationS).toBeLessThan(pausedMs / 1000 + 3);
    }
    // kine delivered everything once the id was resolved: nothing lost, doubled or reordered.
    expect(integrity).toMatchObject({ gaps: 0, duplicates: 0, outOfOrder: 0, phantomEvents: 0 });
    expect(r.watch!.events).toBe(r.watch!.expectedEvents);
  }, 180_000);
});

/**
 * Gap, duplicate, order and phantom detectors against the test API server on
 * a real etcd, with a stand-in proxy damaging the first watch stream's lines.
 */
describe("watch integrity: a proxy that drops, reorders, repeats and invents watch lines", () => {
  let bed: ApiServerOnEtcd;
  beforeAll(async () => {
    bed = await startApiServerOnEtcd({ token: "lg", bookmarkIntervalMs: 60_000 });
  }, 60_000);
  afterAll(() => bed?.stop());

  const churnThrough = async (faults: StreamFaults | undefined) => {
    const proxy = await startLineFaultProxy(bed.api.url, (n) => (n === 0 ? faults : undefined));
    try {
      const kubeconfig = bed.api.kubeconfig({ server: proxy.url });
      return await runLoadgen({ target: { kind: "kubernetes", kubeconfig }, profile: "watch-churn", namespace: "wi", ops: 60, concurrency: 4, watchers: 3, warmup: 0, phaseTimeoutMs: 8000, scrapeServerMetrics: false });
    } finally {
      await proxy.close();
    }
  };

  it("through the proxy with no faults: every count stays at zero", async () => {
    const r = await churnThrough(undefined);
    expect(r.watch!.events).toBe(r.watch!.expectedEvents);
    expect(r.watch!.integrity).toMatchObject({ gaps: 0, duplicates: 0, outOfOrder: 0, phantomEvents: 0, stalls: 0 });
  }, 60_000);

  it("one dropped, one swapped pair, one repeated and one invented line: one of each, on that watcher alone", async () => {
    const r = await churnThrough({ drop: 10, swap: 20, duplicate: 30, phantomAfter: 40 });
    const i = r.watch!.integrity!;
    expect(i).toMatchObject({ gaps: 1, duplicates: 1, outOfOrder: 1, phantomEvents: 1 });
    const damaged = i.perWatcher.filter((w) => w.gaps + w.duplicates + w.outOfOrder + w.phantomEvents > 0);
    expect(damaged).toEqual([{ gaps: 1, duplicates: 1, outOfOrder: 1, phantomEvents: 1, stalls: 0 }]);
    // The dropped event never comes: that watcher is one short, the others complete.
    expect(r.watch!.events).toBe(r.watch!.expectedEvents - 1);
    expect(r.watch!.complete).toBe(false);
  }, 60_000);
});

/**
 * Gaps and stalls against a real etcd compacting mid-watch: the watchers are
 * held away (a stand-in TCP proxy cuts them off) while writes succeed and etcd
 * compacts past their last revision, so on reconnecting etcd answers
 * "compacted", they relist, and the events in between are gone for good.
 */
describe("watch integrity: etcd compacts while the watchers are cut off", () => {
  let etcd: EtcdServer;
  beforeAll(async () => {
    etcd = await startEtcd();
  }, 60_000);
  afterAll(() => etcd?.stop());

  const settings = { namespace: "compact", connections: 4, requestTimeoutMs: 10_000, payloadBytes: 64, objectCapacity: 200 };
  const writeObjects = async (driver: EtcdDriver, log: WriteLog, from: number, count: number) => {
    for (let i = from; i < from + count; i++) {
      logWriteSent(log, i);
      expect(await driver.create(i, nowMicros())).toBeUndefined();
      logWriteOk(log, i, nowMicros());
    }
  };

  const watchThrough = async (fault: boolean) => {
    const proxy = await startTcpCutProxy("127.0.0.1", etcd.port);
    const writer = new EtcdDriver(`127.0.0.1:${etcd.port}`, "/registry", settings);
    await writer.deleteLeftovers(10_000);
    const log = newWriteLog(200, 200);
    const from = await writer.currentRevision();
    const pool = await WatcherPool.start({ kind: "etcd", label: "proxy", endpoint: proxy.endpoint, prefix: "/registry" }, settings, {
      watchers: 2, workers: 0, warmupObjects: 0, deleteSendTimes: newDeleteSendTimes(200), fromRevision: from as string, startTimeoutMs: 10_000, writeLog: log, stallThresholdMs: 1000,
    });
    await writeObjects(writer, log, 0, 20);
    await sleep(500);
    if (fault) proxy.cut();
    await writeObjects(writer, log, 20, 30);
    if (fault) {
      const rev = await writer.currentRevision();
      const res = await fetch(`${etcd.endpoint}/v3/kv/compaction`, { method: "POST", body: JSON.stringify({ revision: rev, physical: true }) });
      expect(res.status).toBe(200);
      await sleep(2500);
      proxy.restore();
      // Let the watchers come back (grpc-js reconnects with a back-off of about a second) before the last writes.
      await sleep(3000);
    }
    await writeObjects(writer, log, 50, 20);
    const stats = await pool.finish(70, nowMicros() + 6e6);
    await writer.deleteLeftovers(10_000);
    await writer.close();
    await proxy.close();
    return stats;
  };

  it("no cut, no compaction: every event, all counts zero", async () => {
    const s = await watchThrough(false);
    expect(s.events).toBe(140);
    expect(s.integrity).toEqual({ gaps: 0, duplicates: 0, outOfOrder: 0, phantom: 0, stalls: [] });
  }, 60_000);

  it("cut and compacted: each watcher relists, loses exactly the 30 writes made while it was away, and stalled until it came back", async () => {
    const s = await watchThrough(true);
    expect(s.relists).toBe(2);
    expect(s.integrity!.gaps).toBe(2 * 30);
    expect(s.events).toBe(2 * (20 + 20));
    expect(s.integrity).toMatchObject({ duplicates: 0, outOfOrder: 0, phantom: 0 });
    expect(s.integrity!.stalls.map((x) => [x.watcher, x.recovered])).toEqual([
      [0, true],
      [1, true],
    ]);
    for (const x of s.integrity!.stalls) expect((x.endedUs - x.beganUs) / 1e6).toBeGreaterThan(2);
  }, 60_000);
});
