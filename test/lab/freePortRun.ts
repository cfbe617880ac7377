import * as net from "node:net";

/** The first of `count` consecutive loopback ports that are all free now, picked at random so parallel suites do not collide. */
export async function freePortRun(count: number): Promise<number> {
  for (;;) {
    const base = 20000 + Math.floor(Math.random() * 20000);
    let ok = true;
    for (let p = base; p < base + count && ok; p++) {
      ok = await new Promise<boolean>((r) => {
        const s = net.createServer().once("error", () => r(false)).listen(p, "127.0.0.1", () => s.close(() => r(true)));
      });
    }
    if (ok) return base;
  }
}
