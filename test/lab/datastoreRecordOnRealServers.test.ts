/**
 * The datastore's side of a lab backend, read from the real servers: etcd 3.6
 * (its metrics against its own maintenance status), and PostgreSQL 15 /
 * MariaDB 10.11 under kine v0.17.5 (connections against the max_connections
 * the lab configures, kine rows against the objects written).
 */
import { describe, expect, it } from "vitest";
import { useLab } from "./labFixture";
import { datastoreRecord } from "../../scripts/lab/datastoreRecord";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";

describe("datastore records on the real servers", () => {
  const lab = useLab("datastore", {
    backends: ["etcd", "kine-postgres", "kine-mysql"],
    hcps: 1,
    ports: 12,
    // 300 objects on each HCP, so every store holds at least that many revisions.
    prepare: async (state) => {
      await Promise.all(
        state.hcps.map((h) => runLoadgen({ target: { kind: "kubernetes", kubeconfig: h.kubeconfig }, profile: "create-list", ops: 300, warmup: 0, concurrency: 10, lists: 1, namespace: "datastore", scrapeServerMetrics: false })),
      );
    },
  });

  it("etcd: DB size and in-use size as etcd's own maintenance status gives them, and the fragmentation between", async () => {
    const h = lab().hcps.find((x) => x.backend === "etcd")!;
    const readStatus = async () => (await (await fetch(`${h.storage.endpoint}/v3/maintenance/status`, { method: "POST", body: "{}" })).json()) as { dbSize: string; dbSizeInUse: string };
    // The HCP's API server keeps writing (leases, events), so compare within a window where etcd's sizes held still.
    let r: Awaited<ReturnType<typeof datastoreRecord>>;
    let status: { dbSize: string; dbSizeInUse: string };
    for (let attempt = 1; ; attempt++) {
      const before = await readStatus();
      r = await datastoreRecord(lab(), "etcd");
      status = await readStatus();
      if (before.dbSize === status.dbSize && before.dbSizeInUse === status.dbSizeInUse) break;
      if (attempt === 20) throw new Error("etcd's sizes changed during every one of 20 records");
    }
    expect(r?.engine).toBe("etcd");
    expect(r!.etcd!.dbSizeBytes).toBe(Number(status.dbSize));
    expect(r!.etcd!.dbInUseBytes).toBe(Number(status.dbSizeInUse));
    expect(r!.etcd!.fragmentation).toBeCloseTo(1 - Number(status.dbSizeInUse) / Number(status.dbSize), 12);
  });

  for (const [backend, max] of [["kine-postgres", 1000], ["kine-mysql", 2000]] as const) {
    it(`${backend}: connections against the max_connections the lab sets, and the HCP's kine rows`, async () => {
      const r = await datastoreRecord(lab(), backend);
      expect(r?.sql?.maxConnections).toBe(max);
      // kine holds a pool of connections open for its API server.
      expect(r!.sql!.connections).toBeGreaterThanOrEqual(1);
      expect(r!.sql!.connections).toBeLessThan(max);
      const [t] = r!.sql!.tables;
      expect(t.hcp).toBe(lab().hcps.find((x) => x.backend === backend)!.name);
      // Every create is a row; the API server's own objects add more.
      expect(t.rows).toBeGreaterThanOrEqual(300);
      expect(t.compactionLag).toBeGreaterThan(0);
      expect(t.compactionLag).toBeLessThanOrEqual(t.rows + 1000);
    });
  }
});
