import * as path from "node:path";
import { loadSync, type MethodDefinition } from "@grpc/proto-loader";
import { describe, expect, it } from "vitest";
import { decodeRange, decodeTxn, decodeWatchResponse, encodeConditionedTxn, encodeRange, encodeWatchCreate, EventType, TxnOp } from "./etcdWire";

/**
 * The second method: @grpc/proto-loader reading etcd's own .proto files
 * (shipped in the etcd3 package, not copied here). Every hand-encoded request
 * must decode there to the fields meant, and every response it encodes from
 * etcd's schema must decode here to the same values.
 */
const pkg = loadSync(path.join(path.dirname(require.resolve("etcd3/package.json")), "proto/rpc.proto"), { longs: Number, bytes: String, defaults: false, oneofs: true });
type Method = MethodDefinition<object, object>;
const method = (service: string, name: string) => (pkg[`etcdserverpb.${service}`] as unknown as Record<string, Method>)[name];
const rpcs: Record<string, [Method, "request" | "response"]> = {
  "etcdserverpb.RangeRequest": [method("KV", "Range"), "request"],
  "etcdserverpb.RangeResponse": [method("KV", "Range"), "response"],
  "etcdserverpb.TxnRequest": [method("KV", "Txn"), "request"],
  "etcdserverpb.TxnResponse": [method("KV", "Txn"), "response"],
  "etcdserverpb.WatchRequest": [method("Watch", "Watch"), "request"],
  "etcdserverpb.WatchResponse": [method("Watch", "Watch"), "response"],
};
const asObject = (type: string, buf: Buffer) => {
  const [m, side] = rpcs[type];
  return side === "request" ? m.requestDeserialize(buf) : m.responseDeserialize(buf);
};
const b64 = (s: string) => Buffer.from(s).toString("base64");
const big = 2 ** 40 + 123; // a revision past 32 bits: varints of more than 4 bytes

describe("etcd wire format, checked against etcd's .proto through protobufjs", () => {
  it("RangeRequest: key, range_end, limit, revision, keys_only, count_only", () => {
    const buf = encodeRange({ key: Buffer.from("/registry/a/"), rangeEnd: Buffer.from("/registry/a0"), limit: 500, revision: big, keysOnly: true, countOnly: true });
    expect(asObject("etcdserverpb.RangeRequest", buf)).toEqual({ key: b64("/registry/a/"), rangeEnd: b64("/registry/a0"), limit: 500, revision: big, keysOnly: true, countOnly: true });
    expect(asObject("etcdserverpb.RangeRequest", encodeRange({ key: Buffer.from("k") }))).toEqual({ key: b64("k") });
  });

  it("a create: compare MOD == 0 (written although 0, as Go writes a set oneof), then put; no else branch (kine's isCreate)", () => {
    const value = Buffer.alloc(300, "x");
    const buf = encodeConditionedTxn({ key: Buffer.from("/r/k"), modRevision: 0, op: TxnOp.Put, value });
    expect(asObject("etcdserverpb.TxnRequest", buf)).toEqual({
      compare: [{ target: 2, key: b64("/r/k"), modRevision: 0, targetUnion: "modRevision" }],
      success: [{ requestPut: { key: b64("/r/k"), value: value.toString("base64") }, request: "requestPut" }],
    });
  });

  it("an update and a delete: compare MOD == rev, else read the key (kine's isUpdate / isDelete)", () => {
    const put = encodeConditionedTxn({ key: Buffer.from("/r/k"), modRevision: big, op: TxnOp.Put, value: Buffer.from("v") });
    expect(asObject("etcdserverpb.TxnRequest", put)).toEqual({
      compare: [{ target: 2, key: b64("/r/k"), modRevision: big, targetUnion: "modRevision" }],
      success: [{ requestPut: { key: b64("/r/k"), value: b64("v") }, request: "requestPut" }],
      failure: [{ requestRange: { key: b64("/r/k") }, request: "requestRange" }],
    });
    const del = encodeConditionedTxn({ key: Buffer.from("/r/k"), modRevision: 7, op: TxnOp.Delete });
    expect(asObject("etcdserverpb.TxnRequest", del)).toEqual({
      compare: [{ target: 2, key: b64("/r/k"), modRevision: 7, targetUnion: "modRevision" }],
      success: [{ requestDeleteRange: { key: b64("/r/k") }, request: "requestDeleteRange" }],
      failure: [{ requestRange: { key: b64("/r/k") }, request: "requestRange" }],
    });
  });

  it("WatchRequest with a create_request: prefix, start revision, progress_notify, prev_kv", () => {
    const buf = encodeWatchCreate({ key: Buffer.from("/p/"), rangeEnd: Buffer.from("/p0"), startRevision: big, progressNotify: true, prevKv: true });
    expect(asObject("etcdserverpb.WatchRequest", buf)).toEqual({ createRequest: { key: b64("/p/"), rangeEnd: b64("/p0"), startRevision: big, progressNotify: true, prevKv: true }, requestUnion: "createRequest" });
  });

  const header = { clusterId: 2 ** 63 - 1, memberId: 5, revision: big, raftTerm: 9 };
  const encode = (type: string, obj: object) => {
    const [m, side] = rpcs[type];
    return side === "request" ? m.requestSerialize(obj) : m.responseSerialize(obj);
  };

  it("RangeResponse: revision, every key-value in order, more, count", () => {
    const kv = (k: string, v: string, mod: number) => ({ key: Buffer.from(k), value: Buffer.from(v), createRevision: 3, modRevision: mod, version: 2, lease: 0 });
    const buf = encode("etcdserverpb.RangeResponse", { header, kvs: [kv("/a", "one", 4), kv("/b", "two", big)], more: true, count: 17 });
    const res = decodeRange(buf);
    expect({ revision: res.revision, more: res.more, count: res.count }).toEqual({ revision: big, more: true, count: 17 });
    expect(res.kvs.map((x) => [x.key().toString(), x.value().toString(), x.createRevision, x.modRevision, x.version])).toEqual([
      ["/a", "one", 3, 4, 2],
      ["/b", "two", 3, big, 2],
    ]);
  });

  it("TxnResponse, past the responses it carries", () => {
    const txn = encode("etcdserverpb.TxnResponse", { header, succeeded: true, responses: [{ responseRange: { header, kvs: [{ key: Buffer.from("k"), modRevision: 3 }] } }] });
    expect(decodeTxn(txn)).toEqual({ revision: big, succeeded: true });
    expect(decodeTxn(encode("etcdserverpb.TxnResponse", { header: { revision: 12 } }))).toEqual({ revision: 12, succeeded: false });
  });

  it("WatchResponse: flags, compaction, cancel reason, and each event's type, key, value and revisions", () => {
    const buf = encode("etcdserverpb.WatchResponse", {
      header,
      watchId: 4,
      created: true,
      canceled: true,
      compactRevision: 99,
      cancelReason: "gone",
      events: [
        { type: 0, kv: { key: Buffer.from("/p/load-000001"), value: Buffer.from("v1"), modRevision: 10, createRevision: 10, version: 1 }, prevKv: { key: Buffer.from("/p/load-000001"), value: Buffer.from("old") } },
        { type: 1, kv: { key: Buffer.from("/p/load-000002"), modRevision: big } },
      ],
    });
    const seen: unknown[] = [];
    const res = decodeWatchResponse(buf, (type, kv) => seen.push([type, kv.key().toString(), kv.value().toString(), kv.modRevision, kv.version]));
    expect(res).toEqual({ revision: big, watchId: 4, created: true, canceled: true, compactRevision: 99, cancelReason: "gone", events: 2 });
    expect(seen).toEqual([
      [EventType.Put, "/p/load-000001", "v1", 10, 1],
      [EventType.Delete, "/p/load-000002", "", big, 0],
    ]);
  });

  it("rejects a truncated message instead of reading past it", () => {
    const buf = encode("etcdserverpb.RangeResponse", { header, kvs: [{ key: Buffer.from("/a"), value: Buffer.from("one") }] });
    expect(() => decodeRange(buf.subarray(0, buf.length - 2))).toThrow(/protobuf/);
  });
});
