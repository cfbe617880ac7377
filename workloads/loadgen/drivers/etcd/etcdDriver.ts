import { Pool } from "undici";
import { InputError } from "../../../../infra/names/inputError";
import { prefixEnd } from "../../../../infra/names/prefixEnd";
import { classifyThrown, httpError, oneLine, type OpError } from "../../measure/errorClass";
import type { DriverSettings } from "../driverSettings";
import { LineSplitter } from "../jsonLines";
import { followWatchStream } from "../watchStream";
import { configMapJson, objectName, payloadOfSize, stampOf } from "../loadObject";
import { WatchEventType, type ListPage, type StoreDriver, type WatchEnd, type WatchHandler, type WatchStart } from "../storeDriver";

interface Header { revision?: string }
interface Kv { key?: string; value?: string; mod_revision?: string; create_revision?: string; version?: string }
interface WatchLine {
  result?: { header?: Header; created?: boolean; canceled?: boolean; compact_revision?: string; cancel_reason?: string; events?: { type?: string; kv?: Kv }[] };
  error?: { message?: string; http_code?: number };
}

const b64 = (s: string) => Buffer.from(s).toString("base64");
const unb64 = (s: string | undefined) => (s ? Buffer.from(s, "base64").toString("utf8") : "");

/**
 * The same profiles straight against etcd, with the API server's access
 * pattern: creates are transactions conditioned on mod_revision == 0, updates
 * and deletes on the object's last known mod_revision (as GuaranteedUpdate
 * does with its cached copy), lists are paged ranges at one revision, and
 * watches are prefix watches with prev_kv and progress notifications. Speaks
 * etcd 3.4's JSON gRPC gateway (/v3/...) over HTTP.
 */
export class EtcdDriver implements StoreDriver {
  readonly label: string;
  private readonly ops: Pool;
  private readonly watches: Pool;
  private readonly prefix: string;
  private readonly prefixB64: string;
  private readonly rangeEndB64: string;
  private readonly payload: string;
  /** Last mod_revision we wrote for each object (0: none). */
  private readonly revisions: Float64Array;

  constructor(private readonly endpoint: string, keyPrefix: string, private readonly settings: DriverSettings, label?: string) {
    this.label = label ?? endpoint;
    const origin = new URL(endpoint).origin;
    this.ops = new Pool(origin, { connections: Math.max(1, settings.connections), pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: settings.requestTimeoutMs, bodyTimeout: settings.requestTimeoutMs });
    this.watches = new Pool(origin, { connections: null, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: settings.requestTimeoutMs, bodyTimeout: 0 });
    this.prefix = `${keyPrefix.replace(/\/+$/, "")}/configmaps/${settings.namespace}/`;
    this.prefixB64 = b64(this.prefix);
    this.rangeEndB64 = prefixEnd(this.prefix).toString("base64");
    this.payload = payloadOfSize(settings.payloadBytes);
    this.revisions = new Float64Array(settings.objectCapacity);
  }

  private key(index: number): string {
    return b64(this.prefix + objectName(index));
  }

  async check(): Promise<void> {
    let status: number;
    let text: string;
    try {
      const res = await this.ops.request({ path: "/version", method: "GET" });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      throw new InputError(`--target: cannot reach etcd at ${this.endpoint} (${classifyThrown(err).message})`);
    }
    if (status !== 200 || !text.includes("etcdserver")) throw new InputError(`--target: ${this.endpoint} is not an etcd endpoint (GET /version answered ${status})`);
  }

  async prepareNamespace(): Promise<void> {
    // Nothing to create: etcd has no namespaces. The prefix alone scopes the load.
  }

  async deleteLeftovers(): Promise<number> {
    const res = await this.post("/v3/kv/deleterange", { key: this.prefixB64, range_end: this.rangeEndB64 });
    if (res.error) throw new Error(`deleting leftover load keys: ${res.error.message}`);
    this.revisions.fill(0);
    return Number((res.body as { deleted?: string }).deleted ?? 0);
  }

  async create(index: number, stampUs: number): Promise<OpError | undefined> {
    const key = this.key(index);
    const value = b64(configMapJson(this.settings.namespace, index, "create", stampUs, this.payload));
    return this.txn(index, { compare: [{ key, target: "MOD", result: "EQUAL", mod_revision: "0" }], success: [{ request_put: { key, value } }] }, "AlreadyExists: the key exists");
  }

  async update(index: number, step: 1 | 2, stampUs: number): Promise<OpError | undefined> {
    const key = this.key(index);
    const value = b64(configMapJson(this.settings.namespace, index, step === 1 ? "update1" : "update2", stampUs, this.payload));
    return this.txn(index, { compare: [{ key, target: "MOD", result: "EQUAL", mod_revision: String(this.revisions[index]) }], success: [{ request_put: { key, value } }] }, "Conflict: mod_revision changed");
  }

  async remove(index: number): Promise<OpError | undefined> {
    const key = this.key(index);
    return this.txn(index, { compare: [{ key, target: "MOD", result: "EQUAL", mod_revision: String(this.revisions[index]) }], success: [{ request_delete_range: { key } }] }, "Conflict: mod_revision changed");
  }

  private async txn(index: number, body: unknown, conflictMessage: string): Promise<OpError | undefined> {
    const res = await this.post("/v3/kv/txn", body);
    if (res.error) return res.error;
    const out = res.body as { succeeded?: boolean; header?: Header };
    // The gateway leaves out false booleans: no `succeeded` means the compare failed.
    if (!out.succeeded) return { cls: "conflict", message: `409 ${conflictMessage}` };
    this.revisions[index] = Number(out.header?.revision ?? 0);
    return undefined;
  }

  async get(index: number): Promise<OpError | undefined> {
    const res = await this.post("/v3/kv/range", { key: this.key(index) });
    if (res.error) return res.error;
    return (res.body as { kvs?: unknown[] }).kvs?.length ? undefined : { cls: "rejected", message: `404 NotFound: ${objectName(index)}` };
  }

  /** continueToken: "<revision>:<base64 key to start from>", so every page reads the same revision. */
  async listPage(limit: number, continueToken?: string): Promise<ListPage> {
    const [rev, fromKey] = continueToken ? splitToken(continueToken) : ["0", this.prefixB64];
    const res = await this.post("/v3/kv/range", { key: fromKey, range_end: this.rangeEndB64, limit: String(limit), revision: rev });
    if (res.error) return { error: res.error, items: 0 };
    const out = res.body as { kvs?: Kv[]; more?: boolean; header?: Header };
    const kvs = out.kvs ?? [];
    if (!out.more || kvs.length === 0) return { items: kvs.length };
    const next = Buffer.concat([Buffer.from(kvs[kvs.length - 1].key ?? "", "base64"), Buffer.from([0])]).toString("base64");
    return { items: kvs.length, continueToken: `${rev === "0" ? out.header?.revision ?? "0" : rev}:${next}` };
  }

  async currentRevision(): Promise<string | OpError> {
    const res = await this.post("/v3/kv/range", { key: this.prefixB64, range_end: this.rangeEndB64, count_only: true });
    if (res.error) return res.error;
    return (res.body as { header?: Header }).header?.revision ?? "0";
  }

  async watch(fromRevision: string, handler: WatchHandler): Promise<WatchStart> {
    const ac = new AbortController();
    const create = { create_request: { key: this.prefixB64, range_end: this.rangeEndB64, start_revision: String(Number(fromRevision) + 1), prev_kv: true, progress_notify: true } };
    let res;
    try {
      res = await this.watches.request({ path: "/v3/watch", method: "POST", body: JSON.stringify(create), signal: ac.signal });
    } catch (err) {
      return { error: classifyThrown(err) };
    }
    if (res.statusCode !== 200) return { error: httpError(res.statusCode, await res.body.text()) };
    let created!: () => void;
    const accepted = new Promise<void>((r) => (created = r));
    const session = followWatchStream(res.body, ac, (finish) => {
      let done = false;
      let receivedUs = 0;
      const stop = (e: WatchEnd) => {
        done = true;
        finish(e);
        ac.abort();
      };
      const splitter = new LineSplitter((line) => {
        if (done) return;
        let msg: WatchLine;
        try {
          msg = JSON.parse(line) as WatchLine;
        } catch {
          stop({ reason: "error", message: `malformed watch line: ${oneLine(line).slice(0, 120)}` });
          return;
        }
        const r = msg.result;
        if (!r) {
          stop({ reason: "error", message: oneLine(msg.error?.message ?? line) });
          return;
        }
        if (r.compact_revision && r.compact_revision !== "0") {
          stop({ reason: "expired", message: `410 Expired: revision compacted at ${r.compact_revision}` });
          return;
        }
        if (r.canceled) {
          stop({ reason: "error", message: oneLine(`watch canceled: ${r.cancel_reason ?? ""}`) });
          return;
        }
        if (r.created) created();
        const events = r.events;
        if (!events || events.length === 0) {
          if (!r.created) handler.bookmark(r.header?.revision ?? "");
          return;
        }
        for (const ev of events) {
          const kv = ev.kv ?? {};
          const key = unb64(kv.key);
          const name = key.slice(key.lastIndexOf("/") + 1);
          if (ev.type === "DELETE") handler.event(WatchEventType.Deleted, name, NaN, kv.mod_revision ?? "", receivedUs);
          else {
            const type = kv.version === "1" ? WatchEventType.Added : WatchEventType.Modified;
            let stamp = NaN;
            try {
              stamp = stampOf(JSON.parse(unb64(kv.value)));
            } catch {
              // Not one of our objects: no stamp, the event still counts.
            }
            handler.event(type, name, stamp, kv.mod_revision ?? "", receivedUs);
          }
        }
      });
      return {
        chunk: (data, at) => {
          receivedUs = at;
          splitter.push(data);
        },
        endReason: () => ({ reason: "closed" }),
      };
    });
    // The gateway answers 200 at once; the watch exists once etcd says "created" (or the watch already ended).
    void session.ended.then(() => created());
    await accepted;
    return { session };
  }

  async scrapeMetrics(): Promise<string> {
    const res = await this.ops.request({ path: "/metrics", method: "GET" });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`GET /metrics answered ${res.statusCode}`);
    return text;
  }

  private async post(path: string, body: unknown): Promise<{ body: unknown; error?: undefined } | { error: OpError; body?: undefined }> {
    try {
      const res = await this.ops.request({ path, method: "POST", body: JSON.stringify(body) });
      const text = await res.body.text();
      if (res.statusCode !== 200) return { error: httpError(res.statusCode, text) };
      return { body: JSON.parse(text) };
    } catch (err) {
      return { error: classifyThrown(err) };
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.ops.destroy(), this.watches.destroy()]);
  }
}

function splitToken(token: string): [string, string] {
  const i = token.indexOf(":");
  return i < 0 ? ["0", token] : [token.slice(0, i), token.slice(i + 1)];
}
