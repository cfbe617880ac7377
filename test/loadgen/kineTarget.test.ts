import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";
import { startKineOn, type KineBackend, type KineServer } from "../servers/kineServer";

const prefix = "/registry/configmaps/load-test/";

/**
 * The storage-level driver against kine v0.17.5, which serves only etcd's
 * gRPC API (no JSON gateway) and only the transaction shapes kube-apiserver
 * sends. What the load generator counts must equal kine's own truth: one row
 * in its `kine` table per create, update and delete it stored (compaction is
 * off by default in kine), and the live keys its latest rows describe.
 */
describe.each<KineBackend>(["sqlite", "postgres", "mysql"])("etcd target: kine on %s", (backend) => {
  let kine: KineServer;
  beforeAll(async () => {
    kine = await startKineOn(backend);
  }, 120_000);
  afterAll(() => kine?.stop());

  it("watch-churn: every write is one kine row, every write's event reaches every watcher, and the streams are clean", async () => {
    const r = await runLoadgen({ target: { kind: "etcd", endpoint: kine.endpoint }, profile: "watch-churn", ops: 120, concurrency: 8, watchers: 3, warmup: 0, scrapeServerMetrics: false });
    const s = r.steps;
    expect(s.create.successes).toBe(120);
    expect(r.writes.errors).toBe(0);
    const writes = s.create.successes + s.update1.successes + s.update2.successes + s.delete.successes;
    expect(writes).toBe(480);
    expect(await kine.rows(prefix)).toBe(writes);
    expect(await kine.liveKeys(prefix)).toBe(0);
    expect(r.watch!.events).toBe(writes * 3);
    expect(r.watch!.eventsByType).toEqual({ added: 360, modified: 720, deleted: 360 });
    expect(r.watch!.integrity).toMatchObject({ gaps: 0, duplicates: 0, outOfOrder: 0, phantomEvents: 0, stalls: 0 });
  }, 120_000);

  it("create-list: the paged ranges see exactly the live keys kine holds", async () => {
    const rowsBefore = await kine.rows(prefix);
    const r = await runLoadgen({ target: { kind: "etcd", endpoint: kine.endpoint }, profile: "create-list", ops: 1100, concurrency: 16, lists: 2, warmup: 0, scrapeServerMetrics: false });
    expect(r.steps.create.successes).toBe(1100);
    expect(await kine.liveKeys(prefix)).toBe(1100);
    expect((await kine.rows(prefix)) - rowsBefore).toBe(1100);
    // 500 keys a page: 3 pages a list, each list seeing every key once.
    expect(r.list).toEqual({ expectedItems: 1100, observedItems: 1100, mismatchedLists: 0, pageSize: 500, pagesPerList: 3 });
  }, 120_000);

  it("a second run deletes the leftovers key by key first (kine implements no DeleteRange)", async () => {
    const rowsBefore = await kine.rows(prefix);
    const r = await runLoadgen({ target: { kind: "etcd", endpoint: kine.endpoint }, profile: "create-list", ops: 50, concurrency: 5, lists: 1, warmup: 0, scrapeServerMetrics: false });
    expect(r.list?.observedItems).toBe(50);
    expect(await kine.liveKeys(prefix)).toBe(50);
    // 1100 delete rows for the leftovers (one conditioned delete each), then 50 creates.
    expect((await kine.rows(prefix)) - rowsBefore).toBe(1100 + 50);
  }, 120_000);
});
