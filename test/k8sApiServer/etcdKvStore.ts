import { Pool } from "undici";
import { CompactedError, type KeyValue, type KvEvent, type KvStore, type WatchSink } from "./kvStore";

interface RawKv { key?: string; value?: string; mod_revision?: string; create_revision?: string }
const b64 = (s: string) => Buffer.from(s, "latin1").toString("base64");
const unb64 = (s: string | undefined) => (s ? Buffer.from(s, "base64").toString("latin1") : "");
const toKv = (raw: RawKv): KeyValue => ({ key: unb64(raw.key), value: Buffer.from(raw.value ?? "", "base64").toString("utf8"), modRevision: Number(raw.mod_revision ?? 0), createRevision: Number(raw.create_revision ?? 0) });

/** A real etcd through its v3 JSON gateway. */
export class EtcdKvStore implements KvStore {
  private readonly pool: Pool;
  private readonly watchPool: Pool;

  constructor(endpoint: string) {
    this.pool = new Pool(endpoint, { connections: 64, pipelining: 1 });
    this.watchPool = new Pool(endpoint, { connections: null, bodyTimeout: 0 });
  }

  private async call<T>(path: string, body: unknown): Promise<T> {
    const res = await this.pool.request({ path, method: "POST", body: JSON.stringify(body) });
    const text = await res.body.text();
    if (res.statusCode !== 200) {
      if (text.includes("compacted")) throw new CompactedError(0);
      throw new Error(`etcd ${path}: ${res.statusCode} ${text}`);
    }
    return JSON.parse(text) as T;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    const r = await this.call<{ kvs?: RawKv[] }>("/v3/kv/range", { key: b64(key) });
    return r.kvs?.[0] ? toKv(r.kvs[0]) : undefined;
  }

  private async txn(key: string, mod: number, op: unknown): Promise<number | undefined> {
    const r = await this.call<{ succeeded?: boolean; header?: { revision?: string } }>("/v3/kv/txn", {
      compare: [{ key: b64(key), target: "MOD", result: "EQUAL", mod_revision: String(mod) }],
      success: [op],
    });
    return r.succeeded ? Number(r.header?.revision) : undefined;
  }

  create(key: string, value: string): Promise<number | undefined> {
    return this.txn(key, 0, { request_put: { key: b64(key), value: Buffer.from(value).toString("base64") } });
  }

  update(key: string, value: string, expectedMod: number): Promise<number | undefined> {
    return this.txn(key, expectedMod, { request_put: { key: b64(key), value: Buffer.from(value).toString("base64") } });
  }

  delete(key: string, expectedMod: number): Promise<number | undefined> {
    return this.txn(key, expectedMod, { request_delete_range: { key: b64(key) } });
  }

  async range(from: string, end: string, limit: number, revision: number) {
    const r = await this.call<{ kvs?: RawKv[]; more?: boolean; header?: { revision?: string } }>("/v3/kv/range", { key: b64(from), range_end: b64(end), limit: String(limit), revision: String(revision) });
    return { kvs: (r.kvs ?? []).map(toKv), more: r.more === true, revision: revision || Number(r.header?.revision) };
  }

  async revision(): Promise<number> {
    const r = await this.call<{ header?: { revision?: string } }>("/v3/kv/range", { key: b64("\0"), count_only: true });
    return Number(r.header?.revision);
  }

  async compact(revision: number): Promise<void> {
    await this.call("/v3/kv/compaction", { revision: String(revision), physical: true });
  }

  watch(from: string, end: string, startRevision: number, sink: WatchSink): { cancel(): void } {
    const ac = new AbortController();
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      sink.ended(err);
    };
    const body = JSON.stringify({ create_request: { key: b64(from), range_end: b64(end), start_revision: String(startRevision), prev_kv: true } });
    this.watchPool.request({ path: "/v3/watch", method: "POST", body, signal: ac.signal }).then(
      (res) => {
        let rest = "";
        res.body.setEncoding("utf8");
        res.body.on("data", (chunk: string) => {
          rest += chunk;
          let nl: number;
          while ((nl = rest.indexOf("\n")) >= 0) {
            const line = rest.slice(0, nl);
            rest = rest.slice(nl + 1);
            if (!line.trim() || done) continue;
            const msg = JSON.parse(line) as { result?: { compact_revision?: string; canceled?: boolean; header?: { revision?: string }; events?: { type?: string; kv?: RawKv; prev_kv?: RawKv }[] }; error?: { message?: string } };
            const r = msg.result;
            if (!r) return finish(new Error(msg.error?.message ?? "etcd watch error"));
            if (r.compact_revision && r.compact_revision !== "0") {
              ac.abort();
              return finish(new CompactedError(Number(r.compact_revision)));
            }
            if (r.canceled) return finish(new Error("etcd canceled the watch"));
            if (!r.events?.length) continue;
            const events: KvEvent[] = r.events.map((e) =>
              e.type === "DELETE"
                ? { type: "delete", key: unb64(e.kv?.key), modRevision: Number(e.kv?.mod_revision), ...(e.prev_kv ? { prev: toKv(e.prev_kv) } : {}) }
                : { type: "put", kv: toKv(e.kv ?? {}), ...(e.prev_kv ? { prev: toKv(e.prev_kv) } : {}) },
            );
            sink.events(events, Number(r.header?.revision));
          }
        });
        res.body.on("end", () => finish());
        res.body.on("error", (err: Error) => finish(ac.signal.aborted ? undefined : err));
      },
      (err: Error) => finish(ac.signal.aborted ? undefined : err),
    );
    return {
      cancel: () => {
        done = true;
        ac.abort();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.destroy(), this.watchPool.destroy()]);
  }
}
