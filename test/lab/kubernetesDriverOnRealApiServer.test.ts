/**
 * The real server is the oracle: the load generator's Kubernetes driver
 * against the real kube-apiserver 1.33 on etcd 3.6, and on kine over SQLite,
 * PostgreSQL and MariaDB (binaries from `hcpbench lab install`; a missing one
 * fails). Each figure the driver reports is checked against the storage's own
 * truth: the keys under the HCP's prefix and the mvcc counters in etcd, the
 * live rows of the HCP's own kine table. 410 Gone after a compaction is in
 * watchExpiryOnRealApiServer.test.ts, which needs servers set up apart.
 */
import { describe, expect, it } from "vitest";
import { useLab } from "./labFixture";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";
import type { LabHcp } from "../../scripts/lab/labState";
import { runSql, type SqlAdmin } from "../../scripts/lab/storage/sqlAdmin";
import { prefixEnd } from "../../infra/names/prefixEnd";
import { createDriver, resolveTarget } from "../../workloads/loadgen/drivers/driverFactory";
import type { StoreDriver } from "../../workloads/loadgen/drivers/storeDriver";
import { newDeleteSendTimes, WatcherGroup } from "../../workloads/loadgen/watch/watcherGroup";


const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");
const backends = ["etcd", "kine-sqlite", "kine-postgres", "kine-mysql"];

/** etcd's own counters, from its /metrics: puts and deletes applied, and keys held. */
async function etcdCounters(endpoint: string): Promise<{ put: number; delete: number; keys: number }> {
  const text = await (await fetch(`${endpoint}/metrics`)).text();
  const value = (name: string) => {
    const m = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
    if (!m) throw new Error(`etcd's /metrics has no ${name}`);
    return Number(m[1]);
  };
  return { put: value("etcd_mvcc_put_total"), delete: value("etcd_mvcc_delete_total"), keys: value("etcd_debugging_mvcc_keys_total") };
}

/** kine's MySQL data source, `mysql://user:pass@tcp(host:port)/db` (go-sql-driver's DSN after the scheme). */
function mysqlLogin(dataSource: string): SqlAdmin & { database: string } {
  const m = /^mysql:\/\/([^:]+):([^@]*)@tcp\(([^:]+):(\d+)\)\/([^?]+)/.exec(dataSource);
  if (!m) throw new Error(`not a kine MySQL data source: ${dataSource.replace(/:[^@]*@/, ":***@")}`);
  return { engine: "mysql", user: m[1], password: m[2], host: m[3], port: Number(m[4]), database: m[5] };
}

/** Live objects of a resource in a namespace, as the storage itself holds them. */
async function storedObjects(h: LabHcp, resource: string, namespace: string): Promise<number> {
  if (h.storage.kind === "etcd") {
    const prefix = `${h.storage.prefix}/${resource}/${namespace}/`;
    const res = await fetch(`${h.storage.endpoint}/v3/kv/range`, { method: "POST", body: JSON.stringify({ key: b64(prefix), range_end: b64(prefixEnd(prefix)), count_only: true }) });
    return Number(((await res.json()) as { count?: string }).count ?? 0);
  }
  // kine keeps every revision as a row; an object is live when the newest row of its name is not a delete.
  const like = `/registry/${resource}/${namespace}/%`;
  const sql = `SELECT count(*) FROM kine k JOIN (SELECT name, max(id) AS id FROM kine WHERE name LIKE '${like}' GROUP BY name) m ON k.id = m.id WHERE k.deleted = 0;`;
  if (h.storage.engine === "postgres") {
    const ds = new URL(h.storage.dataSource);
    const login: SqlAdmin = { engine: "postgres", host: ds.hostname, port: Number(ds.port), user: decodeURIComponent(ds.username), password: decodeURIComponent(ds.password), database: h.storage.database };
    return Number(await runSql(login, sql));
  }
  if (h.storage.engine === "mysql") {
    const login = mysqlLogin(h.storage.dataSource);
    return Number(await runSql(login, sql, login));
  }
  const { spawnSync } = await import("node:child_process");
  const out = spawnSync("sqlite3", [h.storage.sqliteFile!, sql], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`sqlite3: ${out.stderr}`);
  return Number(out.stdout.trim());
}

async function withDriver<T>(h: LabHcp, namespace: string, use: (d: StoreDriver) => Promise<T>): Promise<T> {
  const d = createDriver(await resolveTarget({ kind: "kubernetes", kubeconfig: h.kubeconfig }), { namespace, connections: 2, requestTimeoutMs: 15_000, payloadBytes: 64, objectCapacity: 16 });
  try {
    return await use(d);
  } finally {
    await d.close();
  }
}

describe("the Kubernetes driver against the real kube-apiserver", () => {
  const lab = useLab("oracle", { backends, hcps: 1, ports: 16 });

  for (const backend of backends) {
    it(`${backend}: create-list of 3,000 objects, listed in pages of 500 with continue tokens, matches what the storage holds`, async () => {
      const h = lab().hcps.find((x) => x.backend === backend)!;
      await withDriver(h, "oracle-list", (d) => d.prepareNamespace());
      const before = h.storage.kind === "etcd" ? await etcdCounters(h.storage.endpoint) : undefined;
      const r = await runLoadgen({ target: { kind: "kubernetes", kubeconfig: h.kubeconfig }, profile: "create-list", ops: 3000, warmup: 0, concurrency: 50, lists: 2, namespace: "oracle-list" });
      expect(r.steps.create.errors).toBe(0);
      expect(r.steps.create.successes).toBe(3000);
      // 3,000 objects at 500 a page: 6 pages, the first five with a continue token.
      expect(r.list).toMatchObject({ expectedItems: 3000, observedItems: 3000, mismatchedLists: 0, pageSize: 500, pagesPerList: 6 });
      expect(await storedObjects(h, "configmaps", "oracle-list")).toBe(3000);
      if (before && h.storage.kind === "etcd") {
        // etcd's counters: 3,000 new keys, at least 3,000 puts (the API server also renews its lease), nothing deleted.
        const after = await etcdCounters(h.storage.endpoint);
        expect(after.keys - before.keys).toBe(3000);
        expect(after.put - before.put).toBeGreaterThanOrEqual(3000);
        expect(after.delete - before.delete).toBe(0);
      }
    }, 300_000);

    it(`${backend}: watch-churn counts every event the writes cause, deletes are timed, and the storage ends empty`, async () => {
      const h = lab().hcps.find((x) => x.backend === backend)!;
      const ops = 300;
      const watchers = 5;
      await withDriver(h, "oracle-watch", (d) => d.prepareNamespace());
      const before = h.storage.kind === "etcd" ? await etcdCounters(h.storage.endpoint) : undefined;
      const r = await runLoadgen({ target: { kind: "kubernetes", kubeconfig: h.kubeconfig }, profile: "watch-churn", ops, warmup: 0, concurrency: 20, watchers, namespace: "oracle-watch" });
      expect(r.writes.errors).toBe(0);
      // Each object: create, two updates, delete; each write reaches every watcher once.
      expect(r.steps.delete.successes).toBe(ops);
      expect(r.steps.delete.latency.count).toBe(ops);
      expect(r.steps.delete.latency.p50).toBeGreaterThan(0);
      expect(r.watch!.expectedEvents).toBe(ops * 4 * watchers);
      expect(r.watch!.events).toBe(ops * 4 * watchers);
      expect(r.watch!.eventsByType).toEqual({ added: ops * watchers, modified: 2 * ops * watchers, deleted: ops * watchers });
      expect(await storedObjects(h, "configmaps", "oracle-watch")).toBe(0);
      if (before && h.storage.kind === "etcd") {
        // Each object: a put to create, two to update, one delete; no key is left.
        const after = await etcdCounters(h.storage.endpoint);
        expect(after.delete - before.delete).toBe(ops);
        expect(after.put - before.put).toBeGreaterThanOrEqual(3 * ops);
        expect(after.keys - before.keys).toBe(0);
      }
    }, 300_000);
  }

  it("every backend: the API server's periodic bookmarks reach the watchers as bookmarks, never as events", async () => {
    // The watch cache sends a bookmark to each watcher asking for them about once a minute
    // (defaultBookmarkFrequency, k8s.io/apiserver v0.33 cacher.go:76), carrying the newest
    // revision it has processed, and only once that is past the watch's own (cache_watcher.go:538).
    // A write in another namespace moves it on without an event for these watchers: what a
    // bookmark is for.
    const watchers = 2;
    const outcomes = await Promise.all(
      backends.map((backend) =>
        withDriver(lab().hcps.find((x) => x.backend === backend)!, "oracle-bookmarks", async (d) => {
          await d.prepareNamespace();
          const rev = await d.currentRevision();
          if (typeof rev !== "string") throw new Error(rev.message);
          const group = new WatcherGroup(d, watchers, { warmupObjects: 0, deleteSendTimes: newDeleteSendTimes(1) });
          await group.start(rev, 30_000);
          await withDriver(lab().hcps.find((x) => x.backend === backend)!, "oracle-bookmarks-elsewhere", async (other) => {
            await other.prepareNamespace();
            expect(await other.create(0, 0)).toBeUndefined();
          });
          const deadline = Date.now() + 100_000;
          while (group.stats(false).bookmarks < watchers && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
          await group.stop();
          const s = group.stats(true);
          return { backend, bookmarks: s.bookmarks >= watchers, events: s.events, errors: s.errors, relists: s.relists };
        }),
      ),
    );
    expect(outcomes).toEqual(backends.map((backend) => ({ backend, bookmarks: true, events: 0, errors: 0, relists: 0 })));
  }, 240_000);
});
