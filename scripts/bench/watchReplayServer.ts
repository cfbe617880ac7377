/**
 * A watch firehose for measuring the client's cost per event: every watch
 * request gets the same pre-rendered stream of `events` Kubernetes watch
 * lines (ADDED, MODIFIED, MODIFIED, DELETED per object), written in large
 * chunks so the server spends almost nothing. Streams open at once but hold
 * their events until POST /go, so a benchmark can time from that moment.
 * Lists answer an empty list at resourceVersion 1. test/k8sApiServer/benchServerProcess.ts runs it in its own process.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export function replayLines(objects: number, namespace: string, payload: string): string[] {
  const lines: string[] = [];
  const stamp = Math.round(process.hrtime()[0] * 1e6);
  let rv = 1;
  for (let i = 0; i < objects; i++) {
    const name = `load-${String(i).padStart(6, "0")}`;
    for (const [type, step] of [["ADDED", "create"], ["MODIFIED", "update1"], ["MODIFIED", "update2"], ["DELETED", "update2"]] as const) {
      rv++;
      lines.push(
        `{"type":"${type}","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"resourceVersion":"${rv}","name":"${name}","namespace":"${namespace}","uid":"8f0e2f8e-3c39-4d5e-9d1a-${String(i).padStart(12, "0")}","creationTimestamp":"2026-01-01T00:00:00Z","labels":{"hcpbench.io/load":"loadgen"},"annotations":{"hcpbench.io/sent-us":"${stamp}","hcpbench.io/step":"${step}"}},"data":{"payload":"${payload}"}}}`,
      );
    }
  }
  return lines;
}

export async function startWatchReplayServer(eventsPerWatch: number, lines: readonly string[]): Promise<{ url: string; close(): Promise<void> }> {
  const chunk = Buffer.from(lines.map((l) => `${l}\n`).join(""));
  let held: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/version") return void res.end('{"major":"1","minor":"33"}');
    if (url.pathname === "/go") {
      held.forEach((start) => start());
      held = [];
      return void res.end("{}");
    }
    if (url.searchParams.get("watch") !== "1") {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end('{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}');
    }
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    res.flushHeaders();
    let left = eventsPerWatch;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, lines.length);
        left -= n;
        const buf = n === lines.length ? chunk : Buffer.from(lines.slice(0, n).map((l) => `${l}\n`).join(""));
        if (!res.write(buf)) return void res.once("drain", pump);
      }
    };
    held.push(pump);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
