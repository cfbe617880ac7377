import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { answerAwsAccount, defaultFakeAccount, type FakeAwsAccount } from "./fakeAwsAccount";

/**
 * What a test-bed looks like from the laptop, for the CLI tests: an S3
 * endpoint (path style) over a folder of buckets, and per stack a Kubernetes
 * API server with its fleet's HCP objects, pods, nodes and Prometheus behind
 * the service proxy. The fake pulumi points its outputs here
 * (FAKE_KUBE_SERVER, AWS_ENDPOINT_URL_S3).
 */
export interface FakeCloud {
  readonly url: string;
  readonly bucketDir: string;
  /** Stacks whose API server answers 500 (a capacity capture that fails). */
  readonly failingApis: Set<string>;
  /** What the Resource Groups Tagging API returns (AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API). */
  readonly tagged: { arn: string; tags: Record<string, string> }[];
  readonly requests: string[];
  /** The account the preflight reads (AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_SERVICE_QUOTAS). */
  readonly account: FakeAwsAccount;
  /** What GET /checkip answers (HCPBENCH_CHECKIP_URL): this machine's public address; the harness's allow-list holds it. */
  publicIp: string;
  close(): Promise<void>;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function listKeys(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(root, full).split(path.sep).join("/"));
    }
  };
  walk(root);
  return out.sort();
}

/** Bodies the SDK sends with a trailing checksum use aws-chunked framing. */
function decodeBody(body: Buffer, headers: http.IncomingHttpHeaders): Buffer {
  if (!String(headers["content-encoding"] ?? "").includes("aws-chunked") && !String(headers["x-amz-content-sha256"] ?? "").startsWith("STREAMING")) return body;
  const parts: Buffer[] = [];
  let off = 0;
  while (off < body.length) {
    const eol = body.indexOf("\r\n", off);
    const size = parseInt(body.subarray(off, eol).toString("latin1").split(";")[0], 16);
    if (!size) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    off = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function s3(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, bucketDir: string, url: URL): void {
  const [, bucket, ...keyParts] = url.pathname.split("/").map(decodeURIComponent);
  const key = keyParts.join("/");
  const bucketRoot = path.join(bucketDir, bucket);
  if (req.method === "GET" && key === "" && url.searchParams.has("versions")) {
    const keys = listKeys(bucketRoot);
    res.setHeader("content-type", "application/xml");
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><IsTruncated>false</IsTruncated>` +
        keys.map((k) => `<Version><Key>${xmlEscape(k)}</Key><VersionId>null</VersionId><IsLatest>true</IsLatest><Size>1</Size></Version>`).join("") +
        "</ListVersionsResult>",
    );
    return;
  }
  if (req.method === "DELETE" && key === "") {
    if (listKeys(bucketRoot).length > 0) {
      res.statusCode = 409;
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>BucketNotEmpty</Code><Message>not empty</Message></Error>`);
      return;
    }
    fs.rmSync(bucketRoot, { recursive: true, force: true });
    res.statusCode = 204;
    res.end();
    return;
  }
  if (req.method === "GET" && key === "") {
    const prefix = url.searchParams.get("prefix") ?? "";
    const max = Number(url.searchParams.get("max-keys") ?? 1000);
    const after = url.searchParams.get("continuation-token") ?? "";
    const all = listKeys(bucketRoot).filter((k) => k.startsWith(prefix) && k > after);
    const page = all.slice(0, max);
    const truncated = all.length > page.length;
    res.setHeader("content-type", "application/xml");
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
        (truncated ? `<NextContinuationToken>${xmlEscape(page[page.length - 1])}</NextContinuationToken>` : "") +
        page
          .map((k) => `<Contents><Key>${xmlEscape(k)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"0"</ETag><Size>${fs.statSync(path.join(bucketRoot, k)).size}</Size><StorageClass>STANDARD</StorageClass></Contents>`)
          .join("") +
        "</ListBucketResult>",
    );
    return;
  }
  const file = path.join(bucketRoot, key);
  if (req.method === "PUT") {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, decodeBody(body, req.headers));
    res.setHeader("etag", '"0"');
    res.end();
    return;
  }
  if ((req.method === "GET" || req.method === "HEAD") && fs.existsSync(file)) {
    const data = fs.readFileSync(file);
    res.setHeader("content-length", data.length);
    res.setHeader("etag", '"0"');
    res.end(req.method === "GET" ? data : undefined);
    return;
  }
  res.statusCode = 404;
  res.setHeader("content-type", "application/xml");
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>not found</Message><Key>${xmlEscape(key)}</Key></Error>`);
}

function kube(res: http.ServerResponse, stack: string, count: number, backend: string, apiPath: string, url: URL): void {
  const names = Array.from({ length: count }, (_, i) => `hcp-${String(i + 1).padStart(3, "0")}`);
  const created = Date.parse("2026-01-01T00:00:00Z");
  const json = (body: unknown) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(body));
  };
  const kamaji = backend.startsWith("kamaji");
  if (apiPath.endsWith("/clusters") || apiPath.endsWith("/tenantcontrolplanes")) {
    return json({
      items: names.map((name, i) => ({
        kind: kamaji ? "TenantControlPlane" : "Cluster",
        metadata: { name, namespace: "hcpbench-fleet", creationTimestamp: new Date(created + i * 1000).toISOString() },
        status: kamaji
          ? { kubernetesResources: { version: { status: "Ready" }, deployment: { conditions: [{ type: "Available", status: "True", lastTransitionTime: new Date(created + i * 1000 + (20 + i) * 1000).toISOString() }] } } }
          : {
              // k0smotron v2.1.0 on a ClusterIP HCP: Available stays False, ControlPlaneFunctional turns True.
              conditions: [
                { type: "Available", status: "False", lastTransitionTime: new Date(created + i * 1000).toISOString() },
                { type: "ControlPlaneFunctional", status: "True", lastTransitionTime: new Date(created + i * 1000 + (20 + i) * 1000).toISOString() },
              ],
            },
      })),
    });
  }
  if (apiPath === "/api/v1/namespaces/hcpbench-fleet/pods") {
    const etcd = (url.searchParams.get("labelSelector") ?? "").includes("component=etcd");
    return json({ items: names.map((n) => ({ metadata: { name: etcd ? `kmc-${n}-etcd-0` : `kmc-${n}-0`, labels: { cluster: n } } })) });
  }
  if (apiPath.startsWith("/api/v1/namespaces/") && apiPath.endsWith("/pods")) return json({ items: [] });
  if (apiPath === "/api/v1/nodes") return json({ items: [{ metadata: { name: "node-a" } }, { metadata: { name: "node-b" } }] });
  if (apiPath.includes("/proxy/api/v1/query_range")) {
    const q = url.searchParams.get("query") ?? "";
    const pods = /pod=~"([^"]*)"/.exec(q)?.[1].split("|") ?? [];
    const series = pods.map((pod) => ({ metric: { pod }, values: [[1, "100"], [16, "150"]] }));
    if (q.includes("workqueue_depth")) series.push({ metric: { pod: "", name: "cluster" } as { pod: string }, values: [[1, "7"]] });
    return json({ status: "success", data: { resultType: "matrix", result: series } });
  }
  res.statusCode = 404;
  json({ kind: "Status", message: `fake api (${stack}): no route ${apiPath}` });
}

export async function startFakeCloud(bucketDir: string): Promise<FakeCloud> {
  fs.mkdirSync(bucketDir, { recursive: true });
  const failingApis = new Set<string>();
  const tagged: FakeCloud["tagged"] = [];
  const requests: string[] = [];
  const account = defaultFakeAccount();
  const cloud: FakeCloud = {
    url: "",
    bucketDir,
    failingApis,
    tagged,
    requests,
    account,
    publicIp: "198.51.100.7",
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      requests.push(`${req.method} ${url.pathname}`);
      if (answerAwsAccount(account, req, Buffer.concat(chunks), res)) return;
      if (url.pathname === "/checkip") {
        res.end(`${cloud.publicIp}\n`);
        return;
      }
      if (String(req.headers["x-amz-target"] ?? "").endsWith(".GetResources")) {
        res.setHeader("content-type", "application/x-amz-json-1.1");
        res.end(JSON.stringify({ PaginationToken: "", ResourceTagMappingList: tagged.map((t) => ({ ResourceARN: t.arn, Tags: Object.entries(t.tags).map(([Key, Value]) => ({ Key, Value })) })) }));
        return;
      }
      const m = /^\/k8s\/([^/]+)\/(\d+)\/([^/]+)(\/.*)$/.exec(url.pathname);
      if (m) {
        if (failingApis.has(m[1])) {
          res.statusCode = 500;
          res.end("fake api: injected failure");
          return;
        }
        kube(res, m[1], Number(m[2]), m[3], m[4], url);
        return;
      }
      s3(req, res, Buffer.concat(chunks), bucketDir, url);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as { port: number };
  return Object.assign(cloud, { url: `http://127.0.0.1:${port}` });
}
