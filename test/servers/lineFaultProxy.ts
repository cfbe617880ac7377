/**
 * STAND-IN, for tests only: an HTTP proxy in front of a Kubernetes API server
 * that forwards everything as it is, except that it can damage watch streams
 * the way a broken network path or server would: drop an event line, swap
 * two, send one twice, or slip in an event for an object nobody wrote. No real
 * peer produces these faults on demand; the proxy exists to prove the load
 * generator's watch-integrity detectors fire on them.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** Faults for one watch stream, by the index of its event lines (BOOKMARKs and other lines are not counted). */
export interface StreamFaults {
  readonly drop?: number;
  /** This event line and the next are sent in the opposite order. */
  readonly swap?: number;
  readonly duplicate?: number;
  /** After this event line, a copy of it naming an object that was never written. */
  readonly phantomAfter?: number;
}

export interface LineFaultProxy {
  readonly url: string;
  /** Watch streams opened so far. */
  readonly streams: number;
  close(): Promise<void>;
}

const isEvent = (line: string) => /^\{"type":"(ADDED|MODIFIED|DELETED)"/.test(line);

/** faultsFor(n): faults for the n-th watch stream opened through the proxy (0-based). */
export async function startLineFaultProxy(upstream: string, faultsFor: (stream: number) => StreamFaults | undefined): Promise<LineFaultProxy> {
  const target = new URL(upstream);
  let streams = 0;
  const server = http.createServer((req, res) => {
    const watch = /[?&]watch=(1|true)(&|$)/.test(req.url ?? "");
    const faults = watch ? faultsFor(streams++) : undefined;
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      if (!faults) return void upRes.pipe(res);
      let buffered = "";
      let events = 0;
      let held: string | undefined;
      upRes.setEncoding("utf8");
      upRes.on("data", (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf("\n")) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (!isEvent(line)) {
            res.write(`${line}\n`);
            continue;
          }
          const n = events++;
          if (n === faults.drop) continue;
          if (n === faults.swap) {
            held = line;
            continue;
          }
          res.write(`${line}\n`);
          if (n === faults.duplicate) res.write(`${line}\n`);
          if (n === faults.phantomAfter) res.write(`${line.replace(/"name":"load-\d+"/, '"name":"load-999999"')}\n`);
          if (held !== undefined) {
            res.write(`${held}\n`);
            held = undefined;
          }
        }
      });
      upRes.on("end", () => res.end(buffered));
      upRes.on("error", () => res.destroy());
    });
    up.on("error", () => res.destroy());
    res.on("close", () => up.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get streams() {
      return streams;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
