/**
 * The real server is the oracle: the load generator's Kubernetes driver
 * against the real kube-apiserver 1.33 on etcd 3.6, on kine over SQLite and on
 * kine over PostgreSQL (binaries from `hcpbench lab install`; a missing one
 * fails). Each figure the driver reports is checked against the storage's own
 * truth: the keys under the HCP's prefix in etcd, the live rows of the HCP's
 * kine table.
 */
import { describe, expect, it } from "vitest";
import { useLab } from "./labFixture";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";
import type { LabHcp } from "../../scripts/lab/labState";
import { runSql, type SqlAdmin } from "../../scripts/lab/storage/sqlAdmin";
import { prefixEnd } from "../../infra/names/prefixEnd";


const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");

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
  const { spawnSync } = await import("node:child_process");
  const out = spawnSync("sqlite3", [h.storage.sqliteFile!, sql], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`sqlite3: ${out.stderr}`);
  return Number(out.stdout.trim());
}

describe("the Kubernetes driver against the real kube-apiserver", () => {
  const lab = useLab("oracle", { backends: ["etcd", "kine-sqlite", "kine-postgres"], hcps: 1, ports: 12 });

  for (const backend of ["etcd", "kine-sqlite", "kine-postgres"]) {
    it(`${backend}: create-list of 3,000 objects, listed in pages of 500 with continue tokens, matches what the storage holds`, async () => {
      const h = lab().hcps.find((x) => x.backend === backend)!;
      const r = await runLoadgen({ target: { kind: "kubernetes", kubeconfig: h.kubeconfig }, profile: "create-list", ops: 3000, warmup: 0, concurrency: 50, lists: 2, namespace: "oracle-list" });
      expect(r.steps.create.errors).toBe(0);
      expect(r.steps.create.successes).toBe(3000);
      // 3,000 objects at 500 a page: 6 pages, the first five with a continue token.
      expect(r.list).toMatchObject({ expectedItems: 3000, observedItems: 3000, mismatchedLists: 0, pageSize: 500, pagesPerList: 6 });
      expect(await storedObjects(h, "configmaps", "oracle-list")).toBe(3000);
    }, 300_000);

    it(`${backend}: watch-churn counts every event the writes cause, deletes are timed, and the storage ends empty`, async () => {
      const h = lab().hcps.find((x) => x.backend === backend)!;
      const ops = 300;
      const watchers = 5;
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
    }, 300_000);
  }
});
