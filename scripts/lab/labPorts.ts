import * as fs from "node:fs";
import * as net from "node:net";
import { InputError } from "../../infra/names/inputError";

/**
 * Every port the lab will listen on, handed out in order from one base and
 * checked free before anything starts, so a taken port is bad input (exit 2)
 * rather than a half-started lab.
 */
export class PortPlan {
  private next: number;
  private readonly claims: { port: number; use: string }[] = [];

  constructor(private readonly base: number) {
    this.next = base;
  }

  take(use: string): number {
    const port = this.next++;
    if (port > 65535) throw new InputError(`--port-base: ${this.base} leaves too few ports for the lab (needs ${this.claims.length + 1})`);
    this.claims.push({ port, use });
    return port;
  }

  get all(): readonly { port: number; use: string }[] {
    return this.claims;
  }

  /** Binds each port on 127.0.0.1 once; the first one in use is bad input naming the port and its use. */
  async checkFree(): Promise<void> {
    for (const c of this.claims) {
      if (!(await canListen(c.port))) throw new InputError(`--port-base: port ${c.port} on 127.0.0.1 (${c.use}) is taken: free it or pick another --port-base`);
    }
  }
}

export function canListen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * The kernel's range for outgoing connections' local ports. A lab port in it
 * can be taken between the check and the bind by any client's connection
 * (kine's to its database, the API server's to etcd), so lab ports stay below it.
 */
export function ephemeralPortRange(): { low: number; high: number } {
  try {
    const [low, high] = fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low > 1024) return { low, high };
  } catch {
    // not Linux: Linux's default below
  }
  return { low: 32768, high: 60999 };
}

/**
 * The first of `count` consecutive loopback ports that are all free right now,
 * from a random start so parallel runs (benchmarks, test suites) rarely collide.
 * By default below the ephemeral range (see ephemeralPortRange).
 */
export async function freePortRun(count: number, from = 20000, to = ephemeralPortRange().low): Promise<number> {
  const span = to - from - count;
  const start = from + Math.floor(Math.random() * span);
  for (let i = 0; i < span; i += count) {
    const base = from + ((start - from + i) % span);
    let free = true;
    for (let p = base; p < base + count && free; p++) free = await canListen(p);
    if (free) return base;
  }
  throw new Error(`no run of ${count} free loopback ports between ${from} and ${to}`);
}

/** True when something accepts a TCP connection on 127.0.0.1:port. */
export function tcpOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on("error", () => resolve(false));
  });
}
