/**
 * npm run bench:loadgen — is the load generator ever the bottleneck it measures?
 *
 * Every figure is measured against a fast local server running in a separate
 * process (the test API server on its in-memory store, or a watch firehose
 * that replays pre-rendered events), so the client is what is measured:
 * 1. client CPU per write next to the floor: a bare undici request to the same server;
 * 2. client CPU per watch event next to the floor: JSON.parse of the same event line;
 * 3. one-process throughput per core: writes and events per CPU-second;
 * 4. watchers on worker threads: events/s with 2 workers over 1 (2 cores);
 * 5. peak RSS through a watch-churn run of 1,000,000 watch events (own process);
 * 6. the storage-level driver's writes over etcd's gRPC API next to the floor: the same
 *    transactions through a bare grpc-js client, against a real etcd;
 * 7. watch integrity checks: their CPU per event next to the client's whole cost per event.
 * Usage: npm run bench:loadgen [-- --quick]
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { Pool } from "undici";
import { KubernetesDriver } from "../../workloads/loadgen/drivers/kubernetes/kubernetesDriver";
import type { StoreDriver } from "../../workloads/loadgen/drivers/storeDriver";
import type { DriverSettings } from "../../workloads/loadgen/drivers/driverSettings";
import { configMapJson, payloadOfSize } from "../../workloads/loadgen/drivers/loadObject";
import { nowMicros } from "../../workloads/loadgen/measure/clock";
import { StepRecorder } from "../../workloads/loadgen/measure/stepRecorder";
import { createObjectsWork } from "../../workloads/loadgen/profiles/objectWork";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";
import { runClosedLoop } from "../../workloads/loadgen/schedule/phaseRunner";
import { newDeleteSendTimes, recordDeleteSend } from "../../workloads/loadgen/watch/watcherGroup";
import { WatcherPool } from "../../workloads/loadgen/watch/watcherPool";
import { replayLines } from "./watchReplayServer";
import { startStandaloneEtcd } from "../lab/standaloneEtcd";
import { Client, credentials, Metadata } from "@grpc/grpc-js";
import { EtcdDriver } from "../../workloads/loadgen/drivers/etcd/etcdDriver";
import { etcdMethods, streamsPerConnection } from "../../workloads/loadgen/drivers/etcd/etcdGrpc";
import { encodeConditionedTxn, TxnOp } from "../../workloads/loadgen/drivers/etcd/etcdWire";
import { logWriteOk, logWriteSent, newWriteLog, WatcherIntegrity } from "../../workloads/loadgen/watch/watchIntegrity";

const repo = path.resolve(__dirname, "../..");
const quick = process.argv.includes("--quick");
const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const far = () => ({ deadlineUs: nowMicros() + 600e6 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

function startServerProcess(args: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(repo, "bin/run-ts.js"), path.join(repo, "test/k8sApiServer/benchServerProcess.ts"), ...args], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        const { url } = JSON.parse(out.slice(0, nl)) as { url: string };
        resolve({ url, child, stop: () => new Promise<void>((r) => (child.once("exit", () => r()), child.kill("SIGTERM"))) });
      }
    });
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

const settings = (connections: number): DriverSettings => ({ namespace: "load-test", connections, requestTimeoutMs: 30_000, payloadBytes: 128, objectCapacity: 2_000_000 });

// ---------------------------------------------------------------- writes

interface WriteFigures {
  loadgenCpuUs: number;
  floorCpuUs: number;
  /** Median of each trial's ratio to the floor trial run right after it. */
  ratio: number;
  ratios: number[];
  loadgenWallRate: number;
  floorWallRate: number;
}

/**
 * The driver's creates, each trial followed at once by its floor (so both see the same neighbours on a
 * shared machine): floorSend(index) is the same write through a bare client, same bodies, same concurrency.
 */
async function pairedWrites(driver: StoreDriver, writes: number, concurrency: number, trials: number, floorSend: (index: number) => Promise<void>): Promise<WriteFigures> {
  let nextIndex = 0;
  const loadgenTrial = async () => {
    const first = nextIndex;
    nextIndex += writes;
    const rec = new StepRecorder();
    const [cpu0, t0] = [cpuMicros(), nowMicros()];
    await runClosedLoop(createObjectsWork(driver, first, writes, rec, undefined), concurrency, far());
    const [cpu, wall] = [cpuMicros() - cpu0, (nowMicros() - t0) / 1e6];
    if (rec.successes !== writes) throw new Error(`${driver.label} loadgen trial: ${rec.successes}/${writes} writes succeeded (${rec.firstError})`);
    return { cpuUs: cpu / writes, rate: writes / wall };
  };
  const floorTrial = async () => {
    let i = nextIndex;
    const end = (nextIndex += writes);
    const [cpu0, t0] = [cpuMicros(), nowMicros()];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (i < end) await floorSend(i++);
      }),
    );
    const [cpu, wall] = [cpuMicros() - cpu0, (nowMicros() - t0) / 1e6];
    return { cpuUs: cpu / writes, rate: writes / wall };
  };

  await loadgenTrial(); // warm-up: JIT, connections
  await floorTrial();
  const lg: { cpuUs: number; rate: number }[] = [];
  const fl: { cpuUs: number; rate: number }[] = [];
  for (let t = 0; t < trials; t++) {
    lg.push(await loadgenTrial());
    fl.push(await floorTrial());
  }
  const ratios = lg.map((x, i) => x.cpuUs / fl[i].cpuUs);
  return { loadgenCpuUs: median(lg.map((x) => x.cpuUs)), floorCpuUs: median(fl.map((x) => x.cpuUs)), ratio: median(ratios), ratios, loadgenWallRate: median(lg.map((x) => x.rate)), floorWallRate: median(fl.map((x) => x.rate)) };
}

/** The Kubernetes driver's creates; the floor is a bare undici POST of the same body. */
async function writeBench(url: string, writes: number, concurrency: number, trials: number): Promise<WriteFigures> {
  const driver = new KubernetesDriver({ server: url }, settings(concurrency));
  await driver.check();
  await driver.prepareNamespace();
  const pool = new Pool(url, { connections: concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
  const headers = { accept: "application/json", "content-type": "application/json", "user-agent": "floor" };
  const payload = payloadOfSize(128);
  const basePath = "/api/v1/namespaces/load-test/configmaps";
  try {
    return await pairedWrites(driver, writes, concurrency, trials, async (i) => {
      const body = configMapJson("load-test", i, "create", 0, payload);
      const res = await pool.request({ path: basePath, method: "POST", headers, body });
      await res.body.dump();
    });
  } finally {
    await driver.close();
    await pool.destroy();
  }
}

// ---------------------------------------------------------------- etcd gRPC writes

/** The etcd driver's creates against a real etcd; the floor is the same Txn through bare grpc-js clients. */
async function etcdWriteBench(writes: number, concurrency: number, trials: number): Promise<WriteFigures> {
  const etcd = await startStandaloneEtcd();
  const endpoint = etcd.address;
  const driver = new EtcdDriver(endpoint, "/bench", settings(concurrency));
  const channels = Math.max(1, Math.ceil(concurrency / streamsPerConnection));
  const clients = Array.from({ length: channels }, () => new Client(endpoint, credentials.createInsecure(), { "grpc.use_local_subchannel_pool": 1 }));
  const payload = payloadOfSize(128);
  const id = (b: Buffer) => b;
  let n = 0;
  try {
    await driver.check();
    return await pairedWrites(driver, writes, concurrency, trials, (i) => {
      const req = encodeConditionedTxn({ key: Buffer.from(`/bench/configmaps/load-test/load-${i}`), modRevision: 0, op: TxnOp.Put, value: Buffer.from(configMapJson("load-test", i, "create", 0, payload)) });
      return new Promise<void>((resolve, reject) => clients[n++ % channels].makeUnaryRequest(etcdMethods.txn, id, id, req, new Metadata(), {}, (err) => (err ? reject(err) : resolve())));
    });
  } finally {
    await driver.close();
    for (const c of clients) c.close();
    await etcd.stop();
  }
}

// ---------------------------------------------------------------- watch integrity

/** CPU per event of one watcher's integrity checks, over a stream like watch-churn's (4 writes per object, rising revisions). */
function integrityCostUs(events: number): number {
  const objects = Math.ceil(events / 4);
  const log = newWriteLog(objects, events);
  for (let i = 0; i < objects; i++) {
    for (let k = 0; k < 4; k++) {
      logWriteSent(log, i);
      logWriteOk(log, i, 0);
    }
  }
  const w = new WatcherIntegrity(0, log, 0);
  let news = 0;
  const cpu0 = cpuMicros();
  for (let e = 0; e < events; e++) if (w.event(e >> 2, e + 2, e) === "new") news++;
  w.checkStall(events, 5e6);
  const cpu = cpuMicros() - cpu0;
  if (news !== events) throw new Error(`integrity bench: ${news}/${events} events counted new`);
  return cpu / events;
}

// ---------------------------------------------------------------- watch events

interface WatchTrial {
  events: number;
  cpuUs: number;
  wallS: number;
}

const replayObjects = 2500;

/** W watchers on `workers` threads (0: main thread) drain `perWatch` events each from the firehose, timed from its go signal. */
async function watchTrial(url: string, watchers: number, workers: number, perWatch: number): Promise<WatchTrial> {
  const sends = newDeleteSendTimes(replayObjects);
  const now = nowMicros();
  for (let i = 0; i < replayObjects; i++) recordDeleteSend(sends, i, now);
  const pool = await WatcherPool.start({ kind: "kubernetes", label: url, connection: { server: url } }, settings(1), { watchers, workers, warmupObjects: 0, deleteSendTimes: sends, fromRevision: "1", startTimeoutMs: 30_000 });
  const [cpu0, t0] = [cpuMicros(), nowMicros()];
  await fetch(`${url}/go`, { method: "POST" });
  const stats = await pool.finish(perWatch, nowMicros() + 600e6);
  const [cpu, wallS] = [cpuMicros() - cpu0, (nowMicros() - t0) / 1e6];
  if (stats.events !== watchers * perWatch || stats.errors > 0) throw new Error(`watch trial: ${stats.events}/${watchers * perWatch} events, ${stats.errors} errors (${stats.firstError ?? ""})`);
  return { events: stats.events, cpuUs: cpu, wallS };
}

/** The floor for one event: JSON.parse of the same line. */
function parseFloorUs(events: number): number {
  const lines = replayLines(replayObjects, "load-test", "x".repeat(128));
  let sink = 0;
  const cpu0 = cpuMicros();
  for (let i = 0; i < events; i++) sink += (JSON.parse(lines[i % lines.length]) as { type: string }).type.length;
  const cpu = cpuMicros() - cpu0;
  if (sink === 0) throw new Error("unreachable");
  return cpu / events;
}

// ---------------------------------------------------------------- RSS through 1,000,000 events (child process)

async function rssChild(url: string, objects: number, watchers: number): Promise<void> {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100);
  const r = await runLoadgen({ target: { kind: "kubernetes", kubeconfig: kubeconfigFor(url) }, profile: "watch-churn", ops: objects, concurrency: 50, watchers, warmup: 0, scrapeServerMetrics: false });
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  process.stdout.write(
    `${JSON.stringify({ events: r.watch!.events, expected: r.watch!.expectedEvents, peakRssMiB: peak / 2 ** 20, maxRssMiB: r.client.maxRssMiB, writesPerS: r.writes.throughputOps, eventRate: r.watch!.eventRate, lagP99S: r.watch!.lag.p99, cpuS: r.client.cpuUserS + r.client.cpuSystemS })}\n`,
  );
}

function kubeconfigFor(url: string): string {
  return `apiVersion: v1\nkind: Config\nclusters:\n- name: b\n  cluster: {server: "${url}"}\nusers:\n- name: b\n  user: {}\ncontexts:\n- name: b\n  context: {cluster: b, user: b}\ncurrent-context: b\n`;
}

function runRssChild(url: string, objects: number, watchers: number): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, "bin/run-ts.js"), __filename, "--rss-child", url, String(objects), String(watchers)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d));
    child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!) as Record<string, number>) : reject(new Error(`RSS run exited with ${code}`))));
  });
}

// ---------------------------------------------------------------- report

const fmt = (n: number, d = 1) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const verdict = (ok: boolean) => (ok ? "meets target" : "MISSES target");

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === "--rss-child") return rssChild(argv[1], Number(argv[2]), Number(argv[3]));

  const writes = quick ? 5_000 : 20_000;
  const concurrency = 64;
  const perWatch = quick ? 50_000 : 200_000;
  const out: string[] = [];
  const line = (s: string) => {
    out.push(s);
    process.stdout.write(`${s}\n`);
  };
  line(`hcpbench load generator bench (${new Date().toISOString()}, node ${process.version}, ${require("node:os").cpus().length} cores, load average ${require("node:os").loadavg().map((x: number) => x.toFixed(1)).join(" ")})`);

  const memory = await startServerProcess(["memory"]);
  try {
    const w = await writeBench(memory.url, writes, concurrency, 3);
    line("");
    line(`writes (create, closed loop, ${concurrency} clients, ${fmt(writes, 0)} per trial, median of 3 trial/floor pairs):`);
    line(`  client CPU per write      ${fmt(w.loadgenCpuUs)} µs   floor (bare undici POST) ${fmt(w.floorCpuUs)} µs   ratio ${fmt(w.ratio, 2)} (target <= 1.25: ${verdict(w.ratio <= 1.25)}); pairs ${w.ratios.map((r) => fmt(r, 2)).join(", ")}`);
    line(`  writes per CPU-second     ${fmt(1e6 / w.loadgenCpuUs, 0)}   (target >= 12,000 per core: ${verdict(1e6 / w.loadgenCpuUs >= 12_000)})`);
    line(`  wall-clock writes/s       ${fmt(w.loadgenWallRate, 0)}   floor ${fmt(w.floorWallRate, 0)}   (server and client share 2 cores)`);
  } finally {
    await memory.stop();
  }

  const e = await etcdWriteBench(writes, concurrency, 3);
  line("");
  line(`etcd gRPC writes (create txn, closed loop, ${concurrency} clients, ${fmt(writes, 0)} per trial, real etcd 3.4, median of 3 trial/floor pairs):`);
  line(`  client CPU per write      ${fmt(e.loadgenCpuUs)} µs   floor (bare grpc-js Txn) ${fmt(e.floorCpuUs)} µs   ratio ${fmt(e.ratio, 2)} (target <= 1.25: ${verdict(e.ratio <= 1.25)}); pairs ${e.ratios.map((r) => fmt(r, 2)).join(", ")}`);
  line(`  writes per CPU-second     ${fmt(1e6 / e.loadgenCpuUs, 0)}   (target >= 12,000 per core: ${verdict(1e6 / e.loadgenCpuUs >= 12_000)}); floor ${fmt(1e6 / e.floorCpuUs, 0)}`);
  line(`  wall-clock writes/s       ${fmt(e.loadgenWallRate, 0)}   floor ${fmt(e.floorWallRate, 0)}   (etcd and client share 2 cores)`);

  const replay = await startServerProcess(["replay", String(perWatch), String(replayObjects)]);
  try {
    const watchers = 4;
    await watchTrial(replay.url, watchers, 0, perWatch); // warm-up
    // Each trial is followed at once by its floor, so both see the same neighbours on a shared machine.
    const pairs: { perEvent: number; floor: number; rate: number }[] = [];
    for (let t = 0; t < 3; t++) {
      const m = await watchTrial(replay.url, watchers, 0, perWatch);
      pairs.push({ perEvent: m.cpuUs / m.events, floor: parseFloorUs(m.events), rate: m.events / m.wallS });
    }
    const perEvent = median(pairs.map((p) => p.perEvent));
    const floor = median(pairs.map((p) => p.floor));
    const ratio = median(pairs.map((p) => p.perEvent / p.floor));
    line("");
    line(`watch events (main thread, ${watchers} watchers x ${fmt(perWatch, 0)} events from the firehose, median of 3 trial/floor pairs):`);
    line(`  client CPU per event      ${fmt(perEvent, 2)} µs   floor (JSON.parse of the line) ${fmt(floor, 2)} µs   ratio ${fmt(ratio, 2)} (target <= 1.25: ${verdict(ratio <= 1.25)}); pairs ${pairs.map((p) => fmt(p.perEvent / p.floor, 2)).join(", ")}`);
    line(`  events per CPU-second     ${fmt(1e6 / perEvent, 0)}   (target >= 150,000 per core: ${verdict(1e6 / perEvent >= 150_000)})`);
    line(`  wall-clock events/s       ${fmt(median(pairs.map((p) => p.rate)), 0)}`);
    integrityCostUs(perWatch); // warm-up: JIT
    const checks = median([integrityCostUs(perWatch * watchers), integrityCostUs(perWatch * watchers), integrityCostUs(perWatch * watchers)]);
    line(`  integrity checks          ${fmt(checks, 3)} µs per event = ${fmt((100 * checks) / perEvent, 1)} % of the client's CPU per event (target <= 10 %: ${verdict(checks / perEvent <= 0.1)})`);

    // The firehose sends perWatch events on every watch.
    const scaleWatchers = 8;
    const scalePerWatch = perWatch;
    const one = [];
    const two = [];
    for (let t = 0; t < 2; t++) {
      one.push(await watchTrial(replay.url, scaleWatchers, 1, scalePerWatch));
      two.push(await watchTrial(replay.url, scaleWatchers, 2, scalePerWatch));
    }
    const best = (ts: WatchTrial[]) => ts.reduce((a, b) => (b.events / b.wallS > a.events / a.wallS ? b : a));
    const [b1, b2] = [best(one), best(two)];
    const rate = (t: WatchTrial) => t.events / t.wallS;
    // Cores the process actually got (CPU seconds over wall seconds): on a shared machine, the ceiling on scaling.
    const detail = (t: WatchTrial) => `${fmt(rate(t), 0)} events/s, ${fmt(t.cpuUs / 1e6 / t.wallS, 2)} cores used, ${fmt(t.events / (t.cpuUs / 1e6), 0)} events per CPU-second`;
    line("");
    line(`watchers on worker threads (${scaleWatchers} watchers x ${fmt(scalePerWatch, 0)} events, best of 2):`);
    line(`  1 worker                  ${detail(b1)}`);
    line(`  2 workers                 ${detail(b2)}`);
    line(`  scaling                   ${fmt(rate(b2) / rate(b1), 2)}x wall-clock (target >= 1.8x on 2 cores: ${verdict(rate(b2) / rate(b1) >= 1.8)}); per CPU-second ${fmt(b2.events / b2.cpuUs / (b1.events / b1.cpuUs), 2)}x`);
  } finally {
    await replay.stop();
  }

  const objects = quick ? 2_000 : 10_000;
  const rssServer = await startServerProcess(["memory"]);
  try {
    const r = await runRssChild(rssServer.url, objects, 25);
    line("");
    line(`watch-churn through ${fmt(r.expected, 0)} watch events (${fmt(objects, 0)} objects x 4 writes x 25 watchers, own process, test API server on memory):`);
    line(`  events delivered          ${fmt(r.events, 0)} of ${fmt(r.expected, 0)}`);
    line(`  peak RSS                  ${fmt(r.peakRssMiB)} MiB sampled, ${fmt(r.maxRssMiB)} MiB max RSS (target <= 200 MiB: ${verdict(Math.max(r.peakRssMiB, r.maxRssMiB) <= 200)})`);
    line(`  writes/s ${fmt(r.writesPerS, 0)}, events/s ${fmt(r.eventRate, 0)}, lag p99 ${fmt(r.lagP99S * 1000)} ms, client CPU ${fmt(r.cpuS, 2)} s`);
  } finally {
    await rssServer.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:loadgen failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
