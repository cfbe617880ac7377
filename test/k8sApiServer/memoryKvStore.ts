import { CompactedError, type KeyValue, type KvEvent, type KvStore, type WatchSink } from "./kvStore";

interface Watcher {
  from: string;
  end: string;
  sink: WatchSink;
}

/**
 * etcd's model in memory, for the load generator's benchmark: the server
 * must cost next to nothing so the client is what gets measured. Keeps the
 * latest value of each key and a bounded event history for watches that
 * start in the past; anything older counts as compacted.
 */
export class MemoryKvStore implements KvStore {
  private readonly data = new Map<string, KeyValue>();
  private rev = 1;
  private history: KvEvent[] = [];
  private historyStart = 2;
  private compacted = 0;
  private readonly watchers = new Set<Watcher>();
  private pending: KvEvent[] = [];
  private flushScheduled = false;

  constructor(private readonly historyLimit = 200_000) {}

  private record(ev: KvEvent): void {
    this.history.push(ev);
    if (this.history.length > this.historyLimit) {
      const drop = this.history.length - this.historyLimit;
      this.history = this.history.slice(drop);
      this.historyStart += drop;
      this.compacted = this.historyStart - 1;
    }
    if (this.watchers.size === 0) return;
    this.pending.push(ev);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Deliver in batches, as etcd does: one watch response can carry many events.
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const events = this.pending;
    this.pending = [];
    for (const w of this.watchers) {
      const mine = events.filter((e) => inRange(keyOf(e), w.from, w.end));
      if (mine.length > 0) w.sink.events(mine, this.rev);
    }
  }

  async get(key: string) {
    return this.data.get(key);
  }

  async create(key: string, value: string) {
    if (this.data.has(key)) return undefined;
    const rev = ++this.rev;
    const kv = { key, value, modRevision: rev, createRevision: rev };
    this.data.set(key, kv);
    this.record({ type: "put", kv });
    return rev;
  }

  async update(key: string, value: string, expectedMod: number) {
    const prev = this.data.get(key);
    if ((prev?.modRevision ?? 0) !== expectedMod || !prev) return undefined;
    const rev = ++this.rev;
    const kv = { key, value, modRevision: rev, createRevision: prev.createRevision };
    this.data.set(key, kv);
    this.record({ type: "put", kv, prev });
    return rev;
  }

  async delete(key: string, expectedMod: number) {
    const prev = this.data.get(key);
    if (!prev || prev.modRevision !== expectedMod) return undefined;
    const rev = ++this.rev;
    this.data.delete(key);
    this.record({ type: "delete", key, modRevision: rev, prev });
    return rev;
  }

  async range(from: string, end: string, limit: number, revision: number) {
    // Only the present is kept: a read at an older revision is answered from now, unless it is compacted.
    if (revision > 0 && revision <= this.compacted) throw new CompactedError(this.compacted);
    const keys = [...this.data.keys()].filter((k) => inRange(k, from, end)).sort();
    const page = limit > 0 ? keys.slice(0, limit) : keys;
    return { kvs: page.map((k) => this.data.get(k)!), more: page.length < keys.length, revision: revision || this.rev };
  }

  async revision() {
    return this.rev;
  }

  async compact(revision: number) {
    const drop = Math.max(0, Math.min(this.history.length, revision - this.historyStart + 1));
    this.history = this.history.slice(drop);
    this.historyStart += drop;
    this.compacted = Math.max(this.compacted, revision);
  }

  watch(from: string, end: string, startRevision: number, sink: WatchSink) {
    if (startRevision > 0 && startRevision <= this.compacted) {
      setImmediate(() => sink.ended(new CompactedError(this.compacted)));
      return { cancel: () => undefined };
    }
    const w: Watcher = { from, end, sink };
    // Replay what happened since startRevision (in a microtask: before any batch still queued, so order holds),
    // then follow live events. Events already queued for the next batch reach this watcher there.
    const past = this.history.slice(Math.max(0, startRevision - this.historyStart)).filter((e) => inRange(keyOf(e), from, end));
    const pendingNow = new Set(this.pending);
    const replay = past.filter((e) => !pendingNow.has(e));
    if (replay.length > 0) queueMicrotask(() => this.watchers.has(w) && sink.events(replay, this.rev));
    this.watchers.add(w);
    return { cancel: () => void this.watchers.delete(w) };
  }

  async close() {
    this.watchers.clear();
  }
}

function keyOf(e: KvEvent): string {
  return e.type === "put" ? e.kv.key : e.key;
}

function inRange(key: string, from: string, end: string): boolean {
  return key >= from && key < end;
}
