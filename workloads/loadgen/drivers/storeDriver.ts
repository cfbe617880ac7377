import type { ClientQueueTimer } from "./kubernetes/clientQueueTimer";
import type { OpError } from "../measure/errorClass";

export enum WatchEventType {
  Added = 0,
  Modified = 1,
  Deleted = 2,
}

/**
 * Receives decoded watch events. stampUs is the write's send time from the
 * object (NaN when absent); receivedUs is when the bytes carrying the event
 * arrived (one clock read per network chunk, not per event).
 */
export interface WatchHandler {
  event(type: WatchEventType, name: string, stampUs: number, revision: string, receivedUs: number): void;
  bookmark(revision: string): void;
}

/** How a watch stream ended: closed (by us or the server), expired (410 Gone: relist), or broken. */
export type WatchEnd = { readonly reason: "closed" } | { readonly reason: "expired"; readonly message: string } | { readonly reason: "error"; readonly message: string };

export interface WatchSession {
  readonly ended: Promise<WatchEnd>;
  close(): void;
}

export type WatchStart = { readonly session: WatchSession } | { readonly expired: string } | { readonly error: OpError };

export interface ListPage {
  readonly error?: OpError;
  readonly items: number;
  readonly continueToken?: string;
}

/**
 * One target, seen the way the API server's clients (or the API server
 * itself, for etcd) use it. Write methods never throw: a failure is returned
 * as an OpError, success as undefined.
 */
export interface StoreDriver {
  /** Target name for results (server URL or endpoint). */
  readonly label: string;
  /** Reachability and credentials; throws InputError before any load starts. */
  check(): Promise<void>;
  /** Creates the load namespace when missing. */
  prepareNamespace(): Promise<void>;
  /** Deletes every load object and waits until none is left; returns how many there were. */
  deleteLeftovers(timeoutMs: number): Promise<number>;
  create(index: number, stampUs: number): Promise<OpError | undefined>;
  update(index: number, step: 1 | 2, stampUs: number): Promise<OpError | undefined>;
  remove(index: number): Promise<OpError | undefined>;
  get(index: number): Promise<OpError | undefined>;
  /** One page of the load objects; continueToken undefined on the last page. */
  listPage(limit: number, continueToken?: string): Promise<ListPage>;
  /** The store's current revision (a list's resourceVersion), to start watches from. */
  currentRevision(): Promise<string | OpError>;
  /** Opens a watch on the load objects after `fromRevision`; resolves once the server accepted it. */
  watch(fromRevision: string, handler: WatchHandler): Promise<WatchStart>;
  /** Times requests waiting in the client for a connection (HTTP drivers), for the result's self-check. */
  readonly clientQueue?: ClientQueueTimer;
  /** Connections open for operations (watches apart), for the result's self-check. */
  connectionsInUse?(): number;
  /** The target's Prometheus metrics text. */
  scrapeMetrics(): Promise<string>;
  close(): Promise<void>;
}
