import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { kubeconfigCredentials } from "./kubeconfigCredentials";
import { managementApi } from "./managementApi";
import type { PodMetrics } from "./podMetrics";
import { PodMetricsSampler } from "./podMetricsSampler";

/** A stand-in metrics API: answers PodMetrics lists from a per-namespace script and records each request. */
async function metricsServer(answer: (ns: string, call: number) => { status: number; items?: PodMetrics[] }) {
  const requests: { url: string; auth?: string }[] = [];
  const calls = new Map<string, number>();
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? "", auth: req.headers.authorization });
    const ns = /namespaces\/([^/]+)\/pods/.exec(req.url ?? "")?.[1] ?? "";
    const n = (calls.get(ns) ?? 0) + 1;
    calls.set(ns, n);
    const { status, items } = answer(ns, n);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(status === 200 ? { kind: "PodMetricsList", apiVersion: "metrics.k8s.io/v1beta1", metadata: {}, items } : { kind: "Status", code: status, message: "pods.metrics.k8s.io is forbidden" }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const kubeconfig = (server: string) => `
apiVersion: v1
kind: Config
current-context: mgmt
contexts: [{ name: mgmt, context: { cluster: mgmt, user: bench } }]
clusters: [{ name: mgmt, cluster: { server: "${server}" } }]
users: [{ name: bench, user: { token: sa-token } }]
`;

const pod = (ns: string, name: string, window: number, memMi: number, cpuM: number, labels: Record<string, string> = {}): PodMetrics => ({
  metadata: { name, namespace: ns, labels },
  timestamp: new Date(Date.UTC(2025, 5, 1, 10, 0, window * 15)).toISOString(),
  window: "15s",
  containers: [{ name: "main", usage: { cpu: `${cpuM * 1e6}n`, memory: `${memMi * 1024}Ki` } }],
});

/** Waits until the server has answered `n` requests for a namespace (no fixed sleeps: CI may be slow). */
async function untilRequests(requests: { url: string }[], ns: string, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (requests.filter((r) => r.url.includes(ns)).length < n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} requests for ${ns}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe("PodMetricsSampler against a metrics API", () => {
  it("polls both groups with the label selector and token, one sample per HCP per fresh metrics window", async () => {
    // HCP a: two replicas, a fresh window every third poll on replica 0. HCP b: one pod, one window.
    // Storage: one shared datastore pod, always the same window.
    const hcpA = { app: "k0smotron", component: "cluster", cluster: "a" };
    const srv = await metricsServer((ns, call) =>
      ns === "hcpbench-fleet"
        ? {
            status: 200,
            items: [
              pod(ns, "kmc-a-0", Math.floor((call - 1) / 3), 100 + call, 10 * call, hcpA),
              pod(ns, "kmc-a-1", 0, 50, 5, hcpA),
              pod(ns, "kmc-b-0", 0, 300, 50, { ...hcpA, cluster: "b" }),
            ],
          }
        : { status: 200, items: [pod(ns, "postgres-0", 0, 2048, 400)] },
    );
    cleanups.push(srv.close);
    const api = managementApi(kubeconfigCredentials(kubeconfig(srv.url)));
    cleanups.push(() => api.close());

    const sampler = new PodMetricsSampler({
      api,
      hcp: { namespace: "hcpbench-fleet", labelSelector: "app=k0smotron,component=cluster", unitLabel: "cluster" },
      storage: [{ namespace: "hcpbench-data" }],
      intervalMs: 20,
    });
    expect(sampler.summary()).toBeUndefined();
    sampler.start();
    await untilRequests(srv.requests, "hcpbench-fleet", 6);
    const hcpColumns = await sampler.stop();
    const summary = sampler.summary()!;

    expect(summary.pollErrors).toBe(0);
    expect(summary.polls).toBeGreaterThanOrEqual(7);
    const fleetRequests = srv.requests.filter((r) => r.url.includes("hcpbench-fleet"));
    expect(fleetRequests.length).toBe(summary.polls);
    expect(fleetRequests[0].url).toBe("/apis/metrics.k8s.io/v1beta1/namespaces/hcpbench-fleet/pods?labelSelector=app%3Dk0smotron%2Ccomponent%3Dcluster");
    expect(srv.requests.every((r) => r.auth === "Bearer sa-token")).toBe(true);

    // HCP a is sampled on polls 1, 4, 7, ... as the sum of its two replicas; HCP b once.
    const windowsOfA = Math.ceil(summary.polls / 3);
    expect(summary.hcp.samples).toBe(windowsOfA + 1);
    expect(summary.hcp.units).toBe(2);
    expect(summary.hcp.memMiB.max).toBe(300);
    const lastFreshPoll = 3 * (windowsOfA - 1) + 1;
    expect(summary.hcp.cpuMilli.max).toBe(Math.max(50, 10 * lastFreshPoll + 5));
    // The last poll's total: kmc-a-0 at 100+polls MiB, plus 50 and 300 MiB.
    expect(summary.hcp.peakTotalMemMiB).toBe(450 + summary.polls);
    expect(summary.storage).toMatchObject({ samples: 1, units: 1, memMiB: { p50: 2048, p95: 2048, max: 2048 }, cpuMilli: { max: 400 } });
    // The hcp_* columns are the HCP group's figures.
    expect(hcpColumns).toEqual({
      samples: summary.hcp.samples,
      p50MemMi: summary.hcp.memMiB.p50,
      p95MemMi: summary.hcp.memMiB.p95,
      maxMemMi: 300,
      p50CpuM: summary.hcp.cpuMilli.p50,
      p95CpuM: summary.hcp.cpuMilli.p95,
      maxCpuM: summary.hcp.cpuMilli.max,
    });
  });

  it("reports hand-worked percentiles of 20 HCPs' usage, converted from Ki and nanocores", async () => {
    // HCP i (1..20) uses 10 x i MiB and 5 x i millicores, in one metrics window that never changes: one sample each,
    // however many polls run. Nearest rank over 20 sorted samples: p50 is the 10th (100 MiB, 50 m),
    // p95 the 19th (190 MiB, 95 m), max the 20th (200 MiB, 100 m). The last poll's total is 10 x (1 + ... + 20) = 2,100 MiB.
    const pods = (ns: string) => Array.from({ length: 20 }, (_, k) => pod(ns, `kmc-h${k + 1}-0`, 0, 10 * (k + 1), 5 * (k + 1), { app: "k0smotron", component: "cluster", cluster: `h${k + 1}` }));
    const srv = await metricsServer((ns) => ({ status: 200, items: ns === "hcpbench-fleet" ? pods(ns) : [] }));
    cleanups.push(srv.close);
    const api = managementApi(kubeconfigCredentials(kubeconfig(srv.url)));
    cleanups.push(() => api.close());
    const sampler = new PodMetricsSampler({ api, hcp: { namespace: "hcpbench-fleet", labelSelector: "app=k0smotron,component=cluster", unitLabel: "cluster" }, storage: [], intervalMs: 20 });
    sampler.start();
    await untilRequests(srv.requests, "hcpbench-fleet", 3);
    const columns = await sampler.stop();
    const summary = sampler.summary()!;
    // Percentiles come from an HDR histogram at 3 significant digits: within 0.1 % (then rounded to 0.1).
    const near = (actual: number | undefined, expected: number) => expect(Math.abs((actual ?? NaN) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(expected * 0.001 + 0.05);
    expect(summary.hcp).toMatchObject({ samples: 20, units: 20, memMiB: { max: 200 }, cpuMilli: { max: 100 }, peakTotalMemMiB: 2100 });
    near(summary.hcp.memMiB.p50, 100);
    near(summary.hcp.memMiB.p95, 190);
    near(summary.hcp.cpuMilli.p50, 50);
    near(summary.hcp.cpuMilli.p95, 95);
    expect(columns).toMatchObject({ samples: 20, maxMemMi: 200, maxCpuM: 100 });
    near(columns.p50MemMi, 100);
    near(columns.p95MemMi, 190);
    near(columns.p50CpuM, 50);
    near(columns.p95CpuM, 95);
  });

  it("counts failed polls and keeps the first error instead of throwing", async () => {
    const srv = await metricsServer((ns, call) => (ns === "hcpbench-data" && call <= 2 ? { status: 403 } : { status: 200, items: [pod(ns, "x-0", call, 64, 5)] }));
    cleanups.push(srv.close);
    const api = managementApi(kubeconfigCredentials(kubeconfig(srv.url)));
    cleanups.push(() => api.close());
    const sampler = new PodMetricsSampler({ api, hcp: { namespace: "hcpbench-fleet" }, storage: [{ namespace: "hcpbench-data" }], intervalMs: 10 });
    sampler.start();
    await untilRequests(srv.requests, "hcpbench-data", 4);
    await sampler.stop();
    const summary = sampler.summary()!;
    expect(summary.pollErrors).toBe(2);
    expect(summary.firstError).toMatch(/HTTP 403.*forbidden/);
    expect(summary.hcp.samples).toBe(summary.polls);
    expect(summary.storage!.samples).toBe(summary.polls - 2);
  });

  it("adds several shared datastores up into one storage unit", async () => {
    const srv = await metricsServer((ns, call) => ({
      status: 200,
      items: ns === "hcpbench-data" ? [pod(ns, "t4-0", call, 100, 10), pod(ns, "minio-0", call, 200, 20)] : ns === "kamaji-system" ? [pod(ns, "kamaji-etcd-0", call, 300, 30)] : [],
    }));
    cleanups.push(srv.close);
    const api = managementApi(kubeconfigCredentials(kubeconfig(srv.url)));
    cleanups.push(() => api.close());
    const storage = [{ namespace: "hcpbench-data", labelSelector: "app.kubernetes.io/name=t4" }, { namespace: "kamaji-system" }];
    const sampler = new PodMetricsSampler({ api, hcp: { namespace: "hcpbench-fleet" }, storage, intervalMs: 1000 });
    sampler.start();
    await sampler.stop();
    const summary = sampler.summary()!;
    expect(summary.storage).toMatchObject({ samples: 2, units: 1, memMiB: { p50: 600, max: 600 }, cpuMilli: { max: 60 }, peakTotalMemMiB: 600 });
    expect(srv.requests.map((r) => r.url).filter((u) => !u.includes("hcpbench-fleet")).sort()).toEqual([
      "/apis/metrics.k8s.io/v1beta1/namespaces/hcpbench-data/pods?labelSelector=app.kubernetes.io%2Fname%3Dt4",
      "/apis/metrics.k8s.io/v1beta1/namespaces/hcpbench-data/pods?labelSelector=app.kubernetes.io%2Fname%3Dt4",
      "/apis/metrics.k8s.io/v1beta1/namespaces/kamaji-system/pods",
      "/apis/metrics.k8s.io/v1beta1/namespaces/kamaji-system/pods",
    ]);
  });

  it("reports no storage group when storage lives inside the HCP pod", async () => {
    const srv = await metricsServer((ns) => ({ status: 200, items: [pod(ns, "kmc-s-0", 0, 128, 20)] }));
    cleanups.push(srv.close);
    const api = managementApi(kubeconfigCredentials(kubeconfig(srv.url)));
    cleanups.push(() => api.close());
    const sampler = new PodMetricsSampler({ api, hcp: { namespace: "hcpbench-fleet", labelSelector: "cluster=s" }, intervalMs: 1000 });
    sampler.start();
    await sampler.stop();
    const summary = sampler.summary()!;
    expect(summary.storage).toBeUndefined();
    expect(summary.polls).toBe(2); // the first poll at start, the last at stop
    expect(summary.hcp.samples).toBe(1);
    expect(srv.requests.every((r) => r.url.includes("hcpbench-fleet"))).toBe(true);
  });
});
