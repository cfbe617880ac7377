/**
 * STAND-IN, for tests only: a loopback TCP proxy that passes bytes through
 * untouched until told to cut every connection and refuse new ones for a
 * while, the way a network partition between a client and its server does.
 * Used to hold watchers away from a real etcd while it compacts.
 */
import * as net from "node:net";

export interface TcpCutProxy {
  /** host:port to connect to instead of the upstream. */
  readonly endpoint: string;
  /** Closes every open connection and refuses new ones until restore(). */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpCutProxy(upstreamHost: string, upstreamPort: number): Promise<TcpCutProxy> {
  const open = new Set<net.Socket>();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) return void client.destroy();
    const up = net.connect({ host: upstreamHost, port: upstreamPort });
    open.add(client);
    open.add(up);
    const drop = () => {
      client.destroy();
      up.destroy();
      open.delete(client);
      open.delete(up);
    };
    client.on("error", drop).on("close", drop);
    up.on("error", drop).on("close", drop);
    client.pipe(up);
    up.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    endpoint: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut() {
      refusing = true;
      for (const s of open) s.destroy();
      open.clear();
    },
    restore() {
      refusing = false;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}
