import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { PodMetrics } from "../../workloads/samplers/podMetrics";

/**
 * The management cluster's API as the bench Job sees it, for tests: the HCP kubeconfig Secrets
 * and metrics.k8s.io PodMetrics, behind a bearer token. Anything else is 404, as are Secrets not
 * in the list (the Job's Role would make them 403; either way the Job must not need them).
 */
export interface FakeManagementCluster {
  readonly url: string;
  readonly token: string;
  /** Every request: method, path with query, and whether the token matched. */
  readonly requests: { method: string; url: string; authorized: boolean }[];
  /** A kubeconfig for this API, as HCPBENCH_MANAGEMENT_KUBECONFIG points at. */
  kubeconfig(): string;
  close(): Promise<void>;
}

export interface FakeManagementClusterOptions {
  /** `<namespace>/<name>` -> Secret data (plain text; served base64-encoded as the API does). */
  readonly secrets: Record<string, Record<string, string>>;
  /** PodMetrics of a namespace (the label selector is passed through, filtering is up to the test). */
  readonly podMetrics?: (namespace: string, labelSelector: string | undefined) => PodMetrics[];
}

export async function startFakeManagementCluster(opts: FakeManagementClusterOptions): Promise<FakeManagementCluster> {
  const token = "bench-sa-token";
  const requests: FakeManagementCluster["requests"] = [];
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const authorized = req.headers.authorization === `Bearer ${token}`;
    requests.push({ method: req.method ?? "", url: req.url ?? "", authorized });
    if (!authorized) return send(res, 401, { kind: "Status", code: 401, message: "Unauthorized" });
    const url = new URL(req.url ?? "/", "http://x");
    const secret = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && secret) {
      const data = opts.secrets[`${secret[1]}/${secret[2]}`];
      if (!data) return send(res, 404, { kind: "Status", code: 404, message: `secrets "${secret[2]}" not found` });
      const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")]));
      return send(res, 200, { apiVersion: "v1", kind: "Secret", metadata: { name: secret[2], namespace: secret[1] }, type: "Opaque", data: encoded });
    }
    const metrics = /^\/apis\/metrics\.k8s\.io\/v1beta1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname);
    if (req.method === "GET" && metrics) {
      const items = opts.podMetrics?.(metrics[1], url.searchParams.get("labelSelector") ?? undefined) ?? [];
      return send(res, 200, { kind: "PodMetricsList", apiVersion: "metrics.k8s.io/v1beta1", metadata: {}, items });
    }
    return send(res, 404, { kind: "Status", code: 404, message: "not found" });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    token,
    requests,
    kubeconfig: () =>
      [
        "apiVersion: v1",
        "kind: Config",
        "current-context: mgmt",
        "contexts: [{ name: mgmt, context: { cluster: mgmt, user: bench } }]",
        `clusters: [{ name: mgmt, cluster: { server: "${url}" } }]`,
        `users: [{ name: bench, user: { token: ${token} } }]`,
        "",
      ].join("\n"),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
