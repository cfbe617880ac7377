import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkNatsConfig, startEtcd, startMariadb, startNats, startPostgres, type EtcdServer, type NatsServer, type SqlServer } from "./realServers";

// The harness every real-server suite relies on: each server starts, answers, and enforces passwords.
describe("real test servers", () => {
  let etcd: EtcdServer, pg: SqlServer, maria: SqlServer, nats: NatsServer;
  beforeAll(async () => {
    [etcd, pg, maria, nats] = await Promise.all([startEtcd(), startPostgres(), startMariadb(), startNats()]);
  });
  afterAll(async () => {
    await Promise.all([etcd?.stop(), pg?.stop(), maria?.stop(), nats?.stop()]);
  });

  it("etcd serves the v3 JSON gateway and metrics", async () => {
    const key = Buffer.from("/harness/k").toString("base64");
    const put = await fetch(`${etcd.endpoint}/v3/kv/put`, { method: "POST", body: JSON.stringify({ key, value: Buffer.from("v").toString("base64") }) });
    expect(put.ok).toBe(true);
    const metrics = await (await fetch(`${etcd.endpoint}/metrics`)).text();
    expect(metrics).toMatch(/^etcd_mvcc_put_total [1-9]/m);
  });

  it("postgres runs queries and refuses a wrong password", async () => {
    expect(await pg.query("select 40 + 2")).toBe("42");
    await expect(pg.query("select 1", { ...pg.admin, password: "wrong" })).rejects.toThrow(/password authentication failed/);
  });

  it("mariadb runs queries and refuses a wrong password", async () => {
    expect(await maria.query("select 40 + 2")).toBe("42");
    await expect(maria.query("select 1", { ...maria.admin, password: "wrong" })).rejects.toThrow(/Access denied/);
  });

  it("nats runs with JetStream and judges config files", async () => {
    const jsz = (await (await fetch(`${nats.monitorUrl}/jsz`)).json()) as { config?: { store_dir?: string } };
    expect(jsz.config?.store_dir).toContain(nats.dataDir);
    expect(checkNatsConfig("jetstream { max_mem: 64MB }\n").ok).toBe(true);
    expect(checkNatsConfig("jetstream { max_mem: [ }\n").ok).toBe(false);
  });
});
