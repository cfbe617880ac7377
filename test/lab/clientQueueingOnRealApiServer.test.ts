/**
 * The "client-side queueing dominated" verdict against the real
 * kube-apiserver 1.33 on etcd 3.6 (binaries from `hcpbench lab install`):
 * the same create-list point with one connection for 40 clients, where each
 * request waits behind the others in the load generator, and with a connection
 * per client, where it does not.
 */
import { describe, expect, it } from "vitest";
import { useLab } from "./labFixture";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";

describe("client-side queueing against the real kube-apiserver", () => {
  const lab = useLab("queueing", { backends: ["etcd"], hcps: 1, ports: 4 });

  const point = (connections: number) =>
    runLoadgen({ target: { kind: "kubernetes", kubeconfig: lab().hcps[0].kubeconfig }, profile: "create-list", ops: 600, warmup: 50, concurrency: 40, connections, lists: 2, namespace: `queueing-c${connections}`, scrapeServerMetrics: false });

  // The one-connection point's mean wait, for the second test to compare with.
  let queuedWaitMeanS = Number.NaN;

  it("one connection for 40 clients: the wait is most of the latency, and the point says so instead of passing it off as the server's", async () => {
    const r = await point(1);
    expect(r.writes.errors).toBe(0);
    const q = r.client.queueing!;
    // Creates and list pages of the measured phase, every one through the timer.
    expect(q.requests).toBeGreaterThanOrEqual(600);
    // 40 clients on one HTTP/1.1 connection: each request waits for about 39 others; far above half.
    expect(q.share).toBeGreaterThan(0.8);
    expect(q.dominated).toBe(true);
    queuedWaitMeanS = q.waitMeanS;
    expect(r.client.connections).toBe(1);
    expect(r.invalid).toMatch(/^client-side queueing dominated latency: .* \(1 connection\(s\) per target for 40 clients\), not in the server/);
  }, 300_000);

  it("a connection per client: requests go out at once, the latency is the server's, no verdict", async () => {
    const r = await point(40);
    expect(r.writes.errors).toBe(0);
    const q = r.client.queueing!;
    expect(q.requests).toBeGreaterThanOrEqual(600);
    // Second method: with no connection to wait for, a request waits a small part of what it waited behind 39 others.
    expect(q.waitMeanS).toBeLessThan(queuedWaitMeanS / 4);
    expect(q.dominated).toBe(false);
    expect(q.share).toBeLessThan(0.5);
    expect(r.invalid ?? "").not.toMatch(/client-side queueing/);
  }, 300_000);
});
