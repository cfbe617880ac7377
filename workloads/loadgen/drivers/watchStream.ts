import type { Readable } from "node:stream";
import { nowMicros } from "../measure/clock";
import { classifyThrown } from "../measure/errorClass";
import type { WatchEnd, WatchSession } from "./storeDriver";

/** What a driver does with its watch stream's bytes; `finish` ends the watch (first reason wins). */
export interface WatchStreamReader {
  /** One chunk as it arrived, with the arrival time that every event in it is timed against. */
  chunk(data: Buffer, receivedUs: number): void;
  /** Why the watch ended when the server closed the stream cleanly. */
  endReason(): WatchEnd;
}

/**
 * Follows a watch response body (Kubernetes JSON lines, or etcd's gateway) and
 * ends the session exactly once however the stream stops: the server closing
 * it, a network error, or our own close(), which is not an error.
 */
export function followWatchStream(body: Readable, ac: AbortController, reader: (finish: (e: WatchEnd) => void) => WatchStreamReader): WatchSession {
  let closedByUs = false;
  const ended = new Promise<WatchEnd>((resolve) => {
    let end: WatchEnd | undefined;
    const finish = (e: WatchEnd) => {
      end ??= e;
      resolve(end);
    };
    const r = reader(finish);
    body.on("data", (data: Buffer) => r.chunk(data, nowMicros()));
    body.on("end", () => finish(r.endReason()));
    body.on("error", (err: unknown) => finish(closedByUs ? { reason: "closed" } : { reason: "error", message: classifyThrown(err).message }));
    body.on("close", () => finish(closedByUs ? { reason: "closed" } : { reason: "error", message: "watch stream closed" }));
  });
  return {
    ended,
    close: () => {
      closedByUs = true;
      ac.abort();
    },
  };
}
