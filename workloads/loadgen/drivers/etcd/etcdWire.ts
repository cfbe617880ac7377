/**
 * The etcd v3 messages the storage-level driver sends and reads, in protobuf
 * wire format. Field numbers are etcd's (api/etcdserverpb/rpc.proto and
 * api/mvccpb/kv.proto). Encoded by hand rather than through a .proto loader
 * for two reasons: the in-cluster Job runs one esbuild bundle with no
 * node_modules beside it (a loader would need etcd's .proto files at run
 * time), and the client's CPU per operation is what bench:loadgen holds to a
 * floor: these few fixed shapes encode in one pass with no reflection.
 * etcdWire.test.ts checks every message against protobufjs reading etcd's
 * own .proto files.
 */

// ---------------------------------------------------------------- writing

const enum Wire {
  Varint = 0,
  Fixed64 = 1,
  Bytes = 2,
  Fixed32 = 5,
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** Protobuf writer into one exactly-sized buffer: callers size the message first (sizeOf*), then write it. */
class Writer {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  varint(n: number): void {
    // Revisions and lengths are non-negative and below 2^53: plain arithmetic, no BigInt.
    while (n >= 128) {
      this.buf[this.pos++] = (n % 128) | 128;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  tag(field: number, wire: Wire): void {
    this.varint(field * 8 + wire);
  }

  bytes(field: number, b: Buffer): void {
    this.tag(field, Wire.Bytes);
    this.varint(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  uint(field: number, n: number): void {
    this.tag(field, Wire.Varint);
    this.varint(n);
  }

  header(field: number, length: number): void {
    this.tag(field, Wire.Bytes);
    this.varint(length);
  }
}

/** Size of a field carrying a number (tag + varint); fields below 16 have a one-byte tag. */
const uintField = (field: number, n: number) => varintSize(field * 8) + varintSize(n);
const bytesField = (field: number, length: number) => varintSize(field * 8 + 2) + varintSize(length) + length;

// ---------------------------------------------------------------- requests

export interface RangeRequest {
  readonly key: Buffer;
  readonly rangeEnd?: Buffer;
  readonly limit?: number;
  readonly revision?: number;
  readonly keysOnly?: boolean;
  readonly countOnly?: boolean;
}

function rangeSize(r: RangeRequest): number {
  return (
    bytesField(1, r.key.length) +
    (r.rangeEnd ? bytesField(2, r.rangeEnd.length) : 0) +
    (r.limit ? uintField(3, r.limit) : 0) +
    (r.revision ? uintField(4, r.revision) : 0) +
    (r.keysOnly ? 2 : 0) +
    (r.countOnly ? 2 : 0)
  );
}

function writeRange(w: Writer, r: RangeRequest): void {
  w.bytes(1, r.key);
  if (r.rangeEnd) w.bytes(2, r.rangeEnd);
  if (r.limit) w.uint(3, r.limit);
  if (r.revision) w.uint(4, r.revision);
  if (r.keysOnly) w.uint(8, 1);
  if (r.countOnly) w.uint(9, 1);
}

export function encodeRange(r: RangeRequest): Buffer {
  const w = new Writer(Buffer.allocUnsafe(rangeSize(r)));
  writeRange(w, r);
  return w.buf;
}

/** What the driver's transactions do when the compare holds. */
export const enum TxnOp {
  Put = 0,
  Delete = 1,
}

/**
 * The API server's conditioned write (etcd3 store's GuaranteedUpdate and
 * Delete): if mod_revision(key) == modRevision then put/delete, else read the
 * key back. mod_revision 0 means "does not exist" (a create); kine recognises
 * a create by that compare with no else branch, and an update or delete by
 * the else branch being one range on the key (kine pkg/server create.go,
 * update.go, delete.go), so creates carry no else branch.
 */
export interface ConditionedTxn {
  readonly key: Buffer;
  readonly modRevision: number;
  readonly op: TxnOp;
  /** Put only. */
  readonly value?: Buffer;
}

export function encodeConditionedTxn(t: ConditionedTxn): Buffer {
  const keyField = bytesField(3, t.key.length);
  // Compare{result=EQUAL(0), target=MOD(2), key, mod_revision}: a field of a oneof is written even when 0.
  const compareSize = uintField(2, 2) + keyField + uintField(6, t.modRevision);
  const inner = t.op === TxnOp.Put ? bytesField(1, t.key.length) + bytesField(2, t.value!.length) : bytesField(1, t.key.length);
  const successSize = bytesField(t.op === TxnOp.Put ? 2 : 3, inner);
  const elseRange = t.modRevision !== 0;
  const failureSize = elseRange ? bytesField(1, bytesField(1, t.key.length)) : 0;
  const w = new Writer(Buffer.allocUnsafe(bytesField(1, compareSize) + bytesField(2, successSize) + (elseRange ? bytesField(3, failureSize) : 0)));
  w.header(1, compareSize);
  w.uint(2, 2);
  w.bytes(3, t.key);
  w.uint(6, t.modRevision);
  w.header(2, successSize);
  if (t.op === TxnOp.Put) {
    w.header(2, inner);
    w.bytes(1, t.key);
    w.bytes(2, t.value!);
  } else {
    w.header(3, inner);
    w.bytes(1, t.key);
  }
  if (elseRange) {
    w.header(3, failureSize);
    w.header(1, bytesField(1, t.key.length));
    w.bytes(1, t.key);
  }
  return w.buf;
}

export interface WatchCreate {
  readonly key: Buffer;
  readonly rangeEnd: Buffer;
  readonly startRevision: number;
  readonly progressNotify: boolean;
  readonly prevKv: boolean;
}

export function encodeWatchCreate(c: WatchCreate): Buffer {
  const inner = bytesField(1, c.key.length) + bytesField(2, c.rangeEnd.length) + (c.startRevision ? uintField(3, c.startRevision) : 0) + (c.progressNotify ? 2 : 0) + (c.prevKv ? 2 : 0);
  const w = new Writer(Buffer.allocUnsafe(bytesField(1, inner)));
  w.header(1, inner);
  w.bytes(1, c.key);
  w.bytes(2, c.rangeEnd);
  if (c.startRevision) w.uint(3, c.startRevision);
  if (c.progressNotify) w.uint(4, 1);
  if (c.prevKv) w.uint(6, 1);
  return w.buf;
}

// ---------------------------------------------------------------- reading

/** Protobuf reader over one message; unknown fields are skipped by wire type, as protobuf requires. */
class Reader {
  pos: number;
  constructor(readonly buf: Buffer, start = 0, readonly end = buf.length) {
    this.pos = start;
  }

  more(): boolean {
    return this.pos < this.end;
  }

  varint(): number {
    let n = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= this.end) throw new Error("protobuf: truncated varint");
      const b = this.buf[this.pos++];
      n += (b & 127) * mul;
      if (b < 128) return n;
      mul *= 128;
    }
  }

  /** Length of a length-delimited field; leaves pos at its first byte. */
  length(): number {
    const len = this.varint();
    if (this.pos + len > this.end) throw new Error("protobuf: field runs past its message");
    return len;
  }

  skip(wire: number): void {
    if (wire === Wire.Varint) this.varint();
    else if (wire === Wire.Fixed64) this.pos += 8;
    else if (wire === Wire.Bytes) {
      const len = this.length(); // read first: `this.pos += this.length()` would add to the pos before the length prefix
      this.pos += len;
    }
    else if (wire === Wire.Fixed32) this.pos += 4;
    else throw new Error(`protobuf: unsupported wire type ${wire}`);
  }
}

/** ResponseHeader.revision, from a header field's bytes. */
function readHeaderRevision(r: Reader, end: number): number {
  const h = new Reader(r.buf, r.pos, end);
  let revision = 0;
  while (h.more()) {
    const tag = h.varint();
    if (tag === (3 << 3)) revision = h.varint();
    else h.skip(tag & 7);
  }
  r.pos = end;
  return revision;
}

/** A KeyValue, as positions into the response buffer (no copies until someone asks). */
export class KeyValue {
  keyStart = 0;
  keyEnd = 0;
  valueStart = 0;
  valueEnd = 0;
  createRevision = 0;
  modRevision = 0;
  version = 0;
  constructor(public buf: Buffer) {}

  key(): Buffer {
    return this.buf.subarray(this.keyStart, this.keyEnd);
  }

  value(): Buffer {
    return this.buf.subarray(this.valueStart, this.valueEnd);
  }
}

function readKeyValue(r: Reader, end: number, kv: KeyValue): void {
  const m = new Reader(r.buf, r.pos, end);
  kv.buf = r.buf;
  kv.keyStart = kv.keyEnd = kv.valueStart = kv.valueEnd = 0;
  kv.createRevision = kv.modRevision = kv.version = 0;
  while (m.more()) {
    const tag = m.varint();
    switch (tag) {
      case (1 << 3) | Wire.Bytes: {
        const len = m.length();
        kv.keyStart = m.pos;
        kv.keyEnd = m.pos += len;
        break;
      }
      case (2 << 3) | Wire.Varint:
        kv.createRevision = m.varint();
        break;
      case (3 << 3) | Wire.Varint:
        kv.modRevision = m.varint();
        break;
      case (4 << 3) | Wire.Varint:
        kv.version = m.varint();
        break;
      case (5 << 3) | Wire.Bytes: {
        const len = m.length();
        kv.valueStart = m.pos;
        kv.valueEnd = m.pos += len;
        break;
      }
      default:
        m.skip(tag & 7);
    }
  }
  r.pos = end;
}

export interface RangeResponse {
  readonly revision: number;
  readonly kvs: KeyValue[];
  readonly more: boolean;
  readonly count: number;
}

export function decodeRange(buf: Buffer): RangeResponse {
  const r = new Reader(buf);
  let revision = 0;
  let more = false;
  let count = 0;
  const kvs: KeyValue[] = [];
  while (r.more()) {
    const tag = r.varint();
    if (tag === ((1 << 3) | Wire.Bytes)) {
      const len = r.length();
      revision = readHeaderRevision(r, r.pos + len);
    } else if (tag === ((2 << 3) | Wire.Bytes)) {
      const len = r.length();
      const kv = new KeyValue(buf);
      readKeyValue(r, r.pos + len, kv);
      kvs.push(kv);
    } else if (tag === ((3 << 3) | Wire.Varint)) more = r.varint() !== 0;
    else if (tag === ((4 << 3) | Wire.Varint)) count = r.varint();
    else r.skip(tag & 7);
  }
  return { revision, kvs, more, count };
}

export interface TxnResponse {
  readonly revision: number;
  readonly succeeded: boolean;
}

export function decodeTxn(buf: Buffer): TxnResponse {
  const r = new Reader(buf);
  let revision = 0;
  let succeeded = false;
  while (r.more()) {
    const tag = r.varint();
    if (tag === ((1 << 3) | Wire.Bytes)) {
      const len = r.length();
      revision = readHeaderRevision(r, r.pos + len);
    } else if (tag === ((2 << 3) | Wire.Varint)) succeeded = r.varint() !== 0;
    else r.skip(tag & 7);
  }
  return { revision, succeeded };
}

/** mvccpb.Event.EventType */
export const enum EventType {
  Put = 0,
  Delete = 1,
}

/** A WatchResponse; its events are visited in order by `visit`, reusing one KeyValue (no allocation per event). */
export interface WatchResponse {
  readonly revision: number;
  readonly watchId: number;
  readonly created: boolean;
  readonly canceled: boolean;
  readonly compactRevision: number;
  readonly cancelReason: string;
  readonly events: number;
}

export function decodeWatchResponse(buf: Buffer, visit: (type: EventType, kv: KeyValue) => void, scratch: KeyValue = new KeyValue(buf)): WatchResponse {
  const r = new Reader(buf);
  let revision = 0;
  let watchId = 0;
  let created = false;
  let canceled = false;
  let compactRevision = 0;
  let cancelReason = "";
  let events = 0;
  while (r.more()) {
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) | Wire.Bytes: {
        const len = r.length();
        revision = readHeaderRevision(r, r.pos + len);
        break;
      }
      case (2 << 3) | Wire.Varint:
        watchId = r.varint();
        break;
      case (3 << 3) | Wire.Varint:
        created = r.varint() !== 0;
        break;
      case (4 << 3) | Wire.Varint:
        canceled = r.varint() !== 0;
        break;
      case (5 << 3) | Wire.Varint:
        compactRevision = r.varint();
        break;
      case (6 << 3) | Wire.Bytes: {
        const len = r.length();
        cancelReason = buf.toString("utf8", r.pos, r.pos + len);
        r.pos += len;
        break;
      }
      case (11 << 3) | Wire.Bytes: {
        const len = r.length();
        const end = r.pos + len;
        const ev = new Reader(buf, r.pos, end);
        let type = EventType.Put;
        let haveKv = false;
        while (ev.more()) {
          const t = ev.varint();
          if (t === ((1 << 3) | Wire.Varint)) type = ev.varint() as EventType;
          else if (t === ((2 << 3) | Wire.Bytes)) {
            const kvLen = ev.length();
            readKeyValue(ev, ev.pos + kvLen, scratch);
            haveKv = true;
          } else ev.skip(t & 7); // prev_kv (3) is asked for, as the API server does, but not needed here
        }
        r.pos = end;
        if (!haveKv) readKeyValue(new Reader(buf, 0, 0), 0, scratch);
        events++;
        visit(type, scratch);
        break;
      }
      default:
        r.skip(tag & 7);
    }
  }
  return { revision, watchId, created, canceled, compactRevision, cancelReason, events };
}
