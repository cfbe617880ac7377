import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { LocalResultsStore } from "../../scripts/results/resultsStore";
import { answerAwsAccount, defaultFakeAccount, type FakeAwsAccount } from "./fakeAwsAccount";

/**
 * Stand-in for a test-bed as the laptop sees it, for the CLI automation tests
 * (a mock: no real AWS or EKS can run here): an S3 endpoint (path style) over
 * a folder of buckets, the Resource Groups Tagging API, and per stack a
 * Kubernetes API server with its fleet's HCP objects, pods, nodes and
 * Prometheus behind the service proxy. The fake pulumi points its outputs
 * here (FAKE_KUBE_SERVER, AWS_ENDPOINT_URL_S3).
 *
 * Why the S3 part is not s3rver (which the report's and the bench Job's S3
 * tests use, test/bench/s3Server.ts): s3rver 3.7.1 answers
 * ListObjectVersions (`GET /<bucket>?versions`, which `gc --delete` needs)
 * with NotImplemented, and the fake pulumi plays the bench Job by writing
 * result files straight into this folder of buckets, which s3rver's store
 * layout (`<key>._S3rver_object`) would not serve.
 */
export interface FakeCloud {
  readonly url: string;
  readonly bucketDir: string;
  /** Stacks whose API server answers 500 to capacity reads (a capacity capture that fails). */
  readonly failingApis: Set<string>;
  /** What the Resource Groups Tagging API returns (AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API). */
  readonly tagged: { arn: string; tags: Record<string, string> }[];
  readonly requests: string[];
  /** The bench Jobs posted by the fake pulumi, by `<stack>/<name>`. */
  readonly jobs: Map<string, FakeJob>;
  /** Stacks whose bench Jobs, once their points are written, stay running until removed from here. */
  readonly holdJobs: Set<string>;
  /** The account the preflight reads (AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_SERVICE_QUOTAS). */
  readonly account: FakeAwsAccount;
  /** What GET /checkip answers (HCPBENCH_CHECKIP_URL): this machine's public address; the harness's allow-list holds it. */
  publicIp: string;
  close(): Promise<void>;
}

/** What the fake pulumi posts besides the Job: the files of each point, in the order the Job writes them. */
export interface FakeJobPlan {
  readonly points: { readonly files: { readonly path: string; readonly content: string }[] }[];
  /** Fail (BackoffLimitExceeded) after the points, instead of completing. */
  readonly fail: boolean;
  readonly pointMs: number;
}

export interface FakeJob {
  readonly stack: string;
  readonly job: { metadata: Record<string, unknown>; spec: Record<string, unknown>; status: Record<string, unknown> };
  readonly createdAt: number;
  finishedAt?: number;
  deleted?: boolean;
  timer?: NodeJS.Timeout;
}

const jobsPath = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs(?:\/([^/]+))?$/;

/** Runs the Job's plan: one point every pointMs, then the final conditions the Job controller would set. */
function runFakeJob(j: FakeJob, plan: FakeJobPlan, bucketDir: string, held: () => boolean): void {
  const status = j.job.status;
  const condition = (type: string, reason: string, message: string) => ({ type, status: "True", reason, message, lastProbeTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() });
  status.startTime = new Date().toISOString();
  status.active = 1;
  let next = 0;
  const tick = () => {
    if (j.deleted) return;
    if (next < plan.points.length) {
      for (const f of plan.points[next].files) {
        fs.mkdirSync(path.dirname(path.join(bucketDir, f.path)), { recursive: true });
        fs.writeFileSync(path.join(bucketDir, f.path), f.content);
      }
      next++;
      j.timer = setTimeout(tick, plan.pointMs);
      return;
    }
    if (held()) {
      j.timer = setTimeout(tick, 50);
      return;
    }
    status.active = 0;
    if (plan.fail) {
      status.failed = 1;
      status.conditions = [condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"), condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")];
    } else {
      status.succeeded = 1;
      status.completionTime = new Date().toISOString();
      status.conditions = [condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"), condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods")];
    }
    j.finishedAt = Date.now();
  };
  j.timer = setTimeout(tick, plan.pointMs);
}

/** POST, GET (one or all), DELETE (all) of a stack's bench Jobs; a new Job replaces the stack's others, as a new run token does. */
function jobs(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, stack: string, m: RegExpExecArray, all: Map<string, FakeJob>, bucketDir: string, hold: Set<string>): void {
  const json = (code: number, doc: unknown) => {
    res.statusCode = code;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(doc));
  };
  const mine = () => [...all.entries()].filter(([, j]) => j.stack === stack && !j.deleted);
  const drop = (keep?: string) => {
    for (const [key, j] of mine()) {
      if (key === keep) continue;
      j.deleted = true;
      clearTimeout(j.timer);
    }
  };
  const [, namespace, name] = m;
  if (req.method === "POST") {
    const posted = JSON.parse(body.toString("utf8")) as { job: FakeJob["job"]; plan: FakeJobPlan };
    const jobName = String(posted.job.metadata.name);
    const key = `${stack}/${jobName}`;
    drop(key);
    const job = { ...posted.job, metadata: { ...posted.job.metadata, namespace, creationTimestamp: new Date().toISOString() }, status: {} };
    const j: FakeJob = { stack, job, createdAt: Date.now() };
    all.set(key, j);
    runFakeJob(j, posted.plan, bucketDir, () => hold.has(stack));
    return json(201, job);
  }
  if (req.method === "DELETE" && !name) {
    drop();
    return json(200, { kind: "Status", status: "Success" });
  }
  if (req.method === "GET" && name) {
    const j = all.get(`${stack}/${name}`);
    if (!j || j.deleted) return json(404, { kind: "Status", status: "Failure", reason: "NotFound", code: 404, message: `jobs.batch "${name}" not found` });
    return json(200, { apiVersion: "batch/v1", kind: "Job", ...j.job });
  }
  if (req.method === "GET") return json(200, { apiVersion: "batch/v1", kind: "JobList", metadata: {}, items: mine().map(([, j]) => ({ apiVersion: "batch/v1", kind: "Job", ...j.job })) });
  json(405, { kind: "Status", status: "Failure", code: 405, message: `fake api: ${req.method} not supported on jobs` });
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Every key of a bucket folder, as the results store lists a folder. */
const listKeys = (root: string): Promise<string[]> => new LocalResultsStore(root).list();

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

async function s3(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, bucketDir: string, url: URL): Promise<void> {
  const [, bucket, ...keyParts] = url.pathname.split("/").map(decodeURIComponent);
  const key = keyParts.join("/");
  const bucketRoot = path.join(bucketDir, bucket);
  if (req.method === "GET" && key === "" && url.searchParams.has("versions")) {
    const keys = await listKeys(bucketRoot);
    res.setHeader("content-type", "application/xml");
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><IsTruncated>false</IsTruncated>` +
        keys.map((k) => `<Version><Key>${xmlEscape(k)}</Key><VersionId>null</VersionId><IsLatest>true</IsLatest><Size>1</Size></Version>`).join("") +
        "</ListVersionsResult>",
    );
    return;
  }
  if (req.method === "DELETE" && key === "") {
    if ((await listKeys(bucketRoot)).length > 0) {
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
    const all = (await listKeys(bucketRoot)).filter((k) => k.startsWith(prefix) && k > after);
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
  const allJobs = new Map<string, FakeJob>();
  const holdJobs = new Set<string>();
  const account = defaultFakeAccount();
  const cloud: FakeCloud = {
    url: "",
    bucketDir,
    failingApis,
    tagged,
    requests,
    jobs: allJobs,
    holdJobs,
    account,
    publicIp: "198.51.100.7",
    close: () =>
      new Promise<void>((resolve) => {
        for (const j of allJobs.values()) clearTimeout(j.timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
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
        // The bench Jobs answer even when the capacity reads are made to fail.
        const job = jobsPath.exec(m[4]);
        if (job) return jobs(req, res, Buffer.concat(chunks), m[1], job, allJobs, bucketDir, holdJobs);
        if (failingApis.has(m[1])) {
          res.statusCode = 500;
          res.end("fake api: injected failure");
          return;
        }
        kube(res, m[1], Number(m[2]), m[3], m[4], url);
        return;
      }
      s3(req, res, Buffer.concat(chunks), bucketDir, url).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(`fake s3: ${String(err)}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as { port: number };
  return Object.assign(cloud, { url: `http://127.0.0.1:${port}` });
}
