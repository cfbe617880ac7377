import { prefixEnd } from "../../infra/names/prefixEnd";
/**
 * The storage under the test API server: the small part of etcd's model the
 * API server uses (revisioned keys, compare-on-mod-revision writes, ranges at
 * a revision, watches from a revision). Backed by a real etcd in tests and by
 * memory for the load generator's benchmark.
 */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
  readonly modRevision: number;
  readonly createRevision: number;
}

export type KvEvent =
  | { readonly type: "put"; readonly kv: KeyValue; readonly prev?: KeyValue }
  | { readonly type: "delete"; readonly key: string; readonly modRevision: number; readonly prev?: KeyValue };

/** The revision asked for is older than the last compaction (the API server answers 410 Gone / Expired). */
export class CompactedError extends Error {
  constructor(readonly compactRevision: number) {
    super(`required revision has been compacted (compacted at ${compactRevision})`);
    this.name = "CompactedError";
  }
}

export interface WatchSink {
  events(events: readonly KvEvent[], revision: number): void;
  ended(err?: Error): void;
}

export interface KvStore {
  get(key: string): Promise<KeyValue | undefined>;
  /** Revision of the put, or undefined when the key exists. */
  create(key: string, value: string): Promise<number | undefined>;
  /** Revision of the put, or undefined when the key's mod revision is not expectedMod. */
  update(key: string, value: string, expectedMod: number): Promise<number | undefined>;
  /** Revision of the delete, or undefined when the key's mod revision is not expectedMod. */
  delete(key: string, expectedMod: number): Promise<number | undefined>;
  /** Keys in [from, end) at `revision` (0: now), at most `limit`. Throws CompactedError. */
  range(from: string, end: string, limit: number, revision: number): Promise<{ kvs: KeyValue[]; more: boolean; revision: number }>;
  revision(): Promise<number>;
  /** Events on [from, end) after startRevision - 1. A compacted start ends the watch with CompactedError. */
  watch(from: string, end: string, startRevision: number, sink: WatchSink): { cancel(): void };
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}

/** The end of a prefix range in this store's keys, which are byte strings (one char per byte, as etcdKvStore sends them). */
export function keyRangeEnd(prefix: string): string {
  return prefixEnd(Buffer.from(prefix, "latin1")).toString("latin1");
}
