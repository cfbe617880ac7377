import type { ClientDuplexStream } from "@grpc/grpc-js";
import { InputError } from "../../../../infra/names/inputError";
import { prefixEnd } from "../../../../infra/names/prefixEnd";
import { nowMicros } from "../../measure/clock";
import { oneLine, type OpError } from "../../measure/errorClass";
import type { DriverSettings } from "../driverSettings";
import { configMapJson, objectName, payloadOfSize, sentAnnotation } from "../loadObject";
import { WatchEventType, type ListPage, type StoreDriver, type WatchEnd, type WatchHandler, type WatchStart } from "../storeDriver";
import { EtcdChannels, etcdMethods, grpcError, streamsPerConnection } from "./etcdGrpc";
import { decodeRange, decodeTxn, decodeWatchResponse, encodeConditionedTxn, encodeRange, encodeWatchCreate, EventType, KeyValue, TxnOp, type RangeResponse } from "./etcdWire";

/** How long check() waits for the first connection. */
const connectTimeoutMs = 5000;
/** Leftover keys fetched and deleted per round. */
const cleanupPage = 500;

const stampNeedle = Buffer.from(`"${sentAnnotation}":"`);

/** The send-time stamp inside one of our values (configMapJson), read from the bytes without parsing them; NaN when absent. */
export function stampInValue(value: Buffer): number {
  const at = value.indexOf(stampNeedle);
  if (at < 0) return NaN;
  let n = 0;
  let i = at + stampNeedle.length;
  const start = i;
  for (; i < value.length; i++) {
    const d = value[i] - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return i > start && value[i] === 0x22 ? n : NaN;
}

/**
 * The same profiles straight against etcd's v3 gRPC API (what kube-apiserver
 * speaks), so the target may be etcd, kine or anything else that serves it.
 * The API server's access pattern: creates are transactions conditioned on
 * mod_revision == 0, updates and deletes on the object's last known
 * mod_revision (as GuaranteedUpdate does with its cached copy) with a read of
 * the key as the else branch, lists are paged ranges at one revision, and
 * watches are prefix watches with prev_kv and progress notifications.
 */
export class EtcdDriver implements StoreDriver {
  readonly label: string;
  private readonly ops: EtcdChannels;
  private readonly watches: EtcdChannels;
  private readonly prefix: string;
  private readonly prefixKey: Buffer;
  private readonly rangeEnd: Buffer;
  private readonly payload: string;
  /** Last mod_revision we wrote for each object (0: none). */
  private readonly revisions: Float64Array;

  /** endpoint: host:port of the gRPC listener. */
  constructor(private readonly endpoint: string, keyPrefix: string, private readonly settings: DriverSettings, label?: string) {
    this.label = label ?? endpoint;
    this.ops = new EtcdChannels(endpoint, Math.max(1, Math.ceil(settings.connections / streamsPerConnection)));
    this.watches = new EtcdChannels(endpoint, Number.MAX_SAFE_INTEGER);
    this.prefix = `${keyPrefix.replace(/\/+$/, "")}/configmaps/${settings.namespace}/`;
    this.prefixKey = Buffer.from(this.prefix);
    this.rangeEnd = prefixEnd(this.prefix);
    this.payload = payloadOfSize(settings.payloadBytes);
    this.revisions = new Float64Array(settings.objectCapacity);
  }

  private key(index: number): Buffer {
    return Buffer.from(this.prefix + objectName(index));
  }

  private async call(method: string, request: Buffer): Promise<Buffer | OpError> {
    try {
      return await this.ops.unary(method, request, this.settings.requestTimeoutMs);
    } catch (err) {
      return grpcError(err as Error);
    }
  }

  private async range(request: Buffer): Promise<RangeResponse | OpError> {
    const res = await this.call(etcdMethods.range, request);
    return Buffer.isBuffer(res) ? decodeRange(res) : res;
  }

  async check(): Promise<void> {
    try {
      await this.ops.ready(connectTimeoutMs);
    } catch (err) {
      throw new InputError(`--target: cannot reach etcd at ${this.endpoint} (${oneLine((err as Error).message)})`);
    }
    const res = await this.range(encodeRange({ key: this.prefixKey, rangeEnd: this.rangeEnd, countOnly: true }));
    if (!(res as RangeResponse).kvs) throw new InputError(`--target: ${this.endpoint} does not serve etcd's v3 gRPC API (Range answered ${(res as OpError).message})`);
  }

  async prepareNamespace(): Promise<void> {
    // Nothing to create: etcd has no namespaces. The prefix alone scopes the load.
  }

  /**
   * Deletes every key under the prefix one by one, each with the API server's
   * conditioned delete: kine implements no DeleteRange at all, only the
   * transactions kube-apiserver sends.
   */
  async deleteLeftovers(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let deleted = 0;
    for (;;) {
      const page = await this.range(encodeRange({ key: this.prefixKey, rangeEnd: this.rangeEnd, limit: cleanupPage, keysOnly: true }));
      if (!("kvs" in page)) throw new Error(`listing leftover load keys: ${page.message}`);
      if (page.kvs.length === 0) break;
      // As many deletes in flight as the run has clients: kine opens a database connection per
      // request in flight, and a burst of 500 exhausts PostgreSQL's and MySQL's default limits.
      let next = 0;
      const worker = async () => {
        while (next < page.kvs.length) {
          const kv = page.kvs[next++];
          const r = await this.call(etcdMethods.txn, encodeConditionedTxn({ key: kv.key(), modRevision: kv.modRevision, op: TxnOp.Delete }));
          if (!Buffer.isBuffer(r)) throw new Error(`deleting leftover load keys: ${r.message}`);
          // A key changed since the page was read stays for the next round.
          if (decodeTxn(r).succeeded) deleted++;
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(this.settings.connections, page.kvs.length)) }, worker));
      if (Date.now() > deadline) throw new Error(`deleting leftover load keys: ${page.count} still left after ${timeoutMs} ms`);
    }
    this.revisions.fill(0);
    return deleted;
  }

  create(index: number, stampUs: number): Promise<OpError | undefined> {
    const value = Buffer.from(configMapJson(this.settings.namespace, index, "create", stampUs, this.payload));
    return this.txn(index, encodeConditionedTxn({ key: this.key(index), modRevision: 0, op: TxnOp.Put, value }), "AlreadyExists: the key exists");
  }

  update(index: number, step: 1 | 2, stampUs: number): Promise<OpError | undefined> {
    const value = Buffer.from(configMapJson(this.settings.namespace, index, step === 1 ? "update1" : "update2", stampUs, this.payload));
    return this.txn(index, encodeConditionedTxn({ key: this.key(index), modRevision: this.revisions[index], op: TxnOp.Put, value }), "Conflict: mod_revision changed");
  }

  remove(index: number): Promise<OpError | undefined> {
    return this.txn(index, encodeConditionedTxn({ key: this.key(index), modRevision: this.revisions[index], op: TxnOp.Delete }), "Conflict: mod_revision changed");
  }

  private async txn(index: number, request: Buffer, conflictMessage: string): Promise<OpError | undefined> {
    const res = await this.call(etcdMethods.txn, request);
    if (!Buffer.isBuffer(res)) return res;
    const out = decodeTxn(res);
    if (!out.succeeded) return { cls: "conflict", message: `409 ${conflictMessage}` };
    this.revisions[index] = out.revision;
    return undefined;
  }

  async get(index: number): Promise<OpError | undefined> {
    const res = await this.range(encodeRange({ key: this.key(index) }));
    if (!("kvs" in res)) return res;
    return res.kvs.length ? undefined : { cls: "rejected", message: `404 NotFound: ${objectName(index)}` };
  }

  /** continueToken: "<revision>:<base64 key to start from>", so every page reads the same revision. */
  async listPage(limit: number, continueToken?: string): Promise<ListPage> {
    const [rev, fromKey] = continueToken ? splitToken(continueToken) : [0, this.prefixKey];
    const res = await this.range(encodeRange({ key: fromKey, rangeEnd: this.rangeEnd, limit, revision: rev }));
    if (!("kvs" in res)) return { error: res, items: 0 };
    const kvs = res.kvs;
    if (!res.more || kvs.length === 0) return { items: kvs.length };
    const next = Buffer.concat([kvs[kvs.length - 1].key(), Buffer.from([0])]).toString("base64");
    return { items: kvs.length, continueToken: `${rev || res.revision}:${next}` };
  }

  async currentRevision(): Promise<string | OpError> {
    const res = await this.range(encodeRange({ key: this.prefixKey, rangeEnd: this.rangeEnd, countOnly: true }));
    return "kvs" in res ? String(res.revision) : res;
  }

  async watch(fromRevision: string, handler: WatchHandler): Promise<WatchStart> {
    let stream: ClientDuplexStream<Buffer, Buffer>;
    try {
      stream = this.watches.bidi(etcdMethods.watch);
    } catch (err) {
      return { error: grpcError(err as Error) };
    }
    let closedByUs = false;
    let created!: () => void;
    const accepted = new Promise<void>((r) => (created = r));
    const scratch = new KeyValue(Buffer.alloc(0));
    const prefixLength = this.prefixKey.length;
    const ended = new Promise<WatchEnd>((resolve) => {
      let done = false;
      const finish = (e: WatchEnd) => {
        if (done) return;
        done = true;
        resolve(e);
        created();
        stream.cancel();
      };
      stream.on("data", (msg: Buffer) => {
        if (done) return;
        const receivedUs = nowMicros();
        let res;
        try {
          res = decodeWatchResponse(
            msg,
            (type, kv) => {
              const name = kv.buf.toString("latin1", kv.keyStart + Math.min(prefixLength, kv.keyEnd - kv.keyStart), kv.keyEnd);
              const revision = String(kv.modRevision);
              if (type === EventType.Delete) handler.event(WatchEventType.Deleted, name, NaN, revision, receivedUs);
              // clientv3's Event.IsCreate, which the API server's watcher uses: kine leaves `version` unset.
              else handler.event(kv.createRevision === kv.modRevision ? WatchEventType.Added : WatchEventType.Modified, name, stampInValue(kv.value()), revision, receivedUs);
            },
            scratch,
          );
        } catch (err) {
          finish({ reason: "error", message: `malformed watch response: ${(err as Error).message}` });
          return;
        }
        if (res.compactRevision > 0) {
          finish({ reason: "expired", message: `410 Expired: revision compacted at ${res.compactRevision}` });
          return;
        }
        if (res.canceled) {
          finish({ reason: "error", message: oneLine(`watch canceled: ${res.cancelReason}`) });
          return;
        }
        if (res.created) created();
        else if (res.events === 0) handler.bookmark(String(res.revision));
      });
      stream.on("error", (err: Error) => finish(closedByUs ? { reason: "closed" } : { reason: "error", message: grpcError(err).message }));
      stream.on("end", () => finish(closedByUs ? { reason: "closed" } : { reason: "error", message: "watch stream closed by the server" }));
    });
    stream.write(encodeWatchCreate({ key: this.prefixKey, rangeEnd: this.rangeEnd, startRevision: Number(fromRevision) + 1, progressNotify: true, prevKv: true }));
    await accepted;
    return {
      session: {
        ended,
        close: () => {
          closedByUs = true;
          stream.cancel();
        },
      },
    };
  }

  connectionsInUse(): number {
    return this.ops.opened;
  }

  /** etcd serves /metrics over HTTP on its client port; kine serves it on its own --metrics-bind-address, so this fails there (and the result says so). */
  async scrapeMetrics(): Promise<string> {
    const res = await fetch(`http://${this.endpoint}/metrics`, { signal: AbortSignal.timeout(this.settings.requestTimeoutMs) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
    return text;
  }

  async close(): Promise<void> {
    this.ops.close();
    this.watches.close();
  }
}

function splitToken(token: string): [number, Buffer] {
  const i = token.indexOf(":");
  return [Number(token.slice(0, i)), Buffer.from(token.slice(i + 1), "base64")];
}
