import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";
import { startEtcd, type EtcdServer } from "../servers/realServers";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const counters = ["etcd_mvcc_put_total", "etcd_mvcc_delete_total", "etcd_debugging_mvcc_events_total"] as const;

async function scrape(endpoint: string): Promise<Record<(typeof counters)[number], number>> {
  const text = await (await fetch(`${endpoint}/metrics`)).text();
  return Object.fromEntries(counters.map((c) => [c, Number(new RegExp(`^${c} (\\S+)$`, "m").exec(text)?.[1] ?? NaN)])) as Record<(typeof counters)[number], number>;
}

/**
 * The storage-level driver against Debian's etcd 3.4: what the load generator
 * counts must equal what etcd counted. What the counters count in 3.4
 * (established here, and asserted):
 * - etcd_mvcc_put_total: one per put, including a put inside a txn;
 * - etcd_mvcc_delete_total: one per delete-range operation, however many keys
 *   it removes, so the load generator's single-key deletes count one each and
 *   its leftover clean-up (one single-key delete per leftover, since kine
 *   serves no other) counts one per leftover;
 * - etcd_debugging_mvcc_events_total: one per event per watcher it is sent
 *   to, so with W watchers on the prefix it grows by W x (puts + deletes).
 */
describe("etcd target over gRPC: load generator counts = etcd's own counters", () => {
  let etcd: EtcdServer;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(() => etcd.stop());

  it("watch-churn: puts = creates + updates, deletes = deletes, events sent = events received = writes x watchers", async () => {
    const before = await scrape(etcd.endpoint);
    // No warm-up: every operation of the run is a measured one, so whole-run counter deltas must match exactly.
    const r = await runLoadgen({ target: { kind: "etcd", endpoint: `127.0.0.1:${etcd.port}` }, profile: "watch-churn", ops: 300, concurrency: 16, watchers: 4, warmup: 0 });
    const after = await scrape(etcd.endpoint);
    const s = r.steps;
    const puts = s.create.successes + s.update1.successes + s.update2.successes;
    expect(s.create.successes).toBe(300);
    expect(r.writes.errors).toBe(0);
    expect(after.etcd_mvcc_put_total - before.etcd_mvcc_put_total).toBe(puts);
    // A fresh etcd: no leftovers, so no clean-up deletes.
    expect(after.etcd_mvcc_delete_total - before.etcd_mvcc_delete_total).toBe(s.delete.successes);
    expect(r.watch!.events).toBe(r.watch!.expectedEvents);
    expect(r.watch!.expectedEvents).toBe((puts + s.delete.successes) * 4);
    expect(after.etcd_debugging_mvcc_events_total - before.etcd_debugging_mvcc_events_total).toBe(r.watch!.events);
    expect(r.watch!.eventsByType).toEqual({ added: 1200, modified: 2400, deleted: 1200 });
    // The run's own before/after scrape of the measured window says the same.
    expect(r.server[0].counters).toMatchObject({ etcd_mvcc_put_total: puts, etcd_mvcc_delete_total: 300, etcd_debugging_mvcc_events_total: r.watch!.events });
    expect(r.server[0].histograms.etcd_disk_wal_fsync_duration_seconds.count).toBeGreaterThan(0);
  });

  it("create-list: every create is one put, and the paged range sees exactly them", async () => {
    const before = await scrape(etcd.endpoint);
    const r = await runLoadgen({ target: { kind: "etcd", endpoint: `127.0.0.1:${etcd.port}` }, profile: "create-list", ops: 1234, concurrency: 20, lists: 3, warmup: 0 });
    const after = await scrape(etcd.endpoint);
    expect(r.steps.create.successes).toBe(1234);
    expect(after.etcd_mvcc_put_total - before.etcd_mvcc_put_total).toBe(1234);
    // watch-churn deleted everything it wrote: nothing left over to clean up.
    expect(after.etcd_mvcc_delete_total - before.etcd_mvcc_delete_total).toBe(0);
    expect(r.list).toEqual({ expectedItems: 1234, observedItems: 1234, mismatchedLists: 0, pageSize: 500, pagesPerList: 3 });
    expect(r.steps.listPage.successes).toBe(9);
  });

  it("a second create-list starts from an empty prefix: the leftovers are deleted first", async () => {
    const before = await scrape(etcd.endpoint);
    const r = await runLoadgen({ target: { kind: "etcd", endpoint: `127.0.0.1:${etcd.port}` }, profile: "create-list", ops: 100, concurrency: 5, lists: 1, warmup: 10 });
    const after = await scrape(etcd.endpoint);
    // One delete per leftover: the 1234 of the previous test, then the 10 warm-up objects.
    expect(after.etcd_mvcc_delete_total - before.etcd_mvcc_delete_total).toBe(1234 + 10);
    expect(after.etcd_mvcc_put_total - before.etcd_mvcc_put_total).toBe(110);
    expect(r.list?.observedItems).toBe(100);
    const keys = await fetch(`${etcd.endpoint}/v3/kv/range`, { method: "POST", body: JSON.stringify({ key: b64("/registry/configmaps/load-test/"), range_end: b64("/registry/configmaps/load-test0"), count_only: true }) });
    expect(((await keys.json()) as { count?: string }).count).toBe("100");
  });
});
