import { Pool, type Dispatcher } from "undici";
import { ClientQueueTimer } from "./clientQueueTimer";
import { InputError } from "../../../../infra/names/inputError";
import { classifyThrown, httpError, oneLine, type OpError } from "../../measure/errorClass";
import type { DriverSettings } from "../driverSettings";
import { LineSplitter } from "../jsonLines";
import { followWatchStream } from "../watchStream";
import { configMapJson, loadSelector, objectName, payloadOfSize } from "../loadObject";
import type { ListPage, StoreDriver, WatchHandler, WatchStart } from "../storeDriver";
import type { KubeConnection } from "./kubeconfig";
import { WatchLineSink } from "./watchLine";

/**
 * Talks to one API server directly over keep-alive HTTP/1.1 connections
 * (undici), with TLS and credentials from the kubeconfig. Operations share a
 * pool sized to the clients, so no request waits for a connection; each watch
 * holds a connection of its own. Load operations go through a timer of the
 * wait for a connection, which the result's self-check reads. No client-side retries: a failed request is
 * a counted error, never a hidden second attempt.
 */
export class KubernetesDriver implements StoreDriver {
  readonly label: string;
  private readonly ops: Pool;
  /** The operations pool, each request timed for its wait in the client. */
  private readonly load: Dispatcher;
  readonly clientQueue = new ClientQueueTimer();
  private readonly watches: Pool;
  private readonly headers: Record<string, string>;
  private readonly base: string;
  private readonly payload: string;

  constructor(private readonly conn: KubeConnection, private readonly settings: DriverSettings, label?: string) {
    this.label = label ?? conn.server;
    const url = new URL(conn.server);
    const connect = {
      ...(conn.ca ? { ca: conn.ca } : {}),
      ...(conn.cert && conn.key ? { cert: conn.cert, key: conn.key } : {}),
      ...(conn.tlsServerName ? { servername: conn.tlsServerName } : {}),
      rejectUnauthorized: !conn.insecureSkipTlsVerify,
    };
    // With servername set, Node verifies the certificate against it rather than against the address dialled.
    const common = { connect: url.protocol === "https:" ? connect : undefined, keepAliveTimeout: 60_000, pipelining: 1 };
    this.ops = new Pool(url.origin, { ...common, connections: Math.max(1, settings.connections), headersTimeout: settings.requestTimeoutMs, bodyTimeout: settings.requestTimeoutMs });
    this.load = this.ops.compose(this.clientQueue.interceptor());
    this.watches = new Pool(url.origin, { ...common, connections: null, headersTimeout: settings.requestTimeoutMs, bodyTimeout: 0 });
    this.headers = { accept: "application/json", "content-type": "application/json", "user-agent": "hcpbench-loadgen" };
    if (conn.token) this.headers.authorization = `Bearer ${conn.token}`;
    else if (conn.basicAuth) this.headers.authorization = `Basic ${Buffer.from(conn.basicAuth).toString("base64")}`;
    this.base = `/api/v1/namespaces/${encodeURIComponent(settings.namespace)}/configmaps`;
    this.payload = payloadOfSize(settings.payloadBytes);
  }

  async check(): Promise<void> {
    let status: number;
    let text: string;
    try {
      const res = await this.ops.request({ path: "/version", method: "GET", headers: this.headers });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      throw new InputError(`--target: cannot reach ${this.conn.server} (${classifyThrown(err).message})`);
    }
    if (status === 401 || status === 403) throw new InputError(`--target: ${this.conn.server} rejected the kubeconfig's credentials (${status})`);
    if (status !== 200) throw new InputError(`--target: ${this.conn.server} is not a Kubernetes API server (GET /version answered ${status}: ${oneLine(text).slice(0, 120)})`);
  }

  async prepareNamespace(): Promise<void> {
    const ns = this.settings.namespace;
    const got = await this.call("GET", `/api/v1/namespaces/${encodeURIComponent(ns)}`);
    if (got.status === 200) return;
    if (got.status !== 404) throw new Error(`reading namespace ${ns}: ${got.status} ${oneLine(got.text)}`);
    const made = await this.call("POST", "/api/v1/namespaces", JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }));
    if (made.status !== 201 && made.status !== 200 && made.status !== 409) throw new Error(`creating namespace ${ns}: ${made.status} ${oneLine(made.text)}`);
  }

  /**
   * One deletecollection, repeated until a list comes back empty: on a slow
   * backend the API server can time out (504) part-way through thousands of
   * objects, and deletecollection returns before finalizer-held objects go.
   */
  async deleteLeftovers(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let deleted = 0;
    let lastProblem = "";
    for (;;) {
      try {
        const res = await this.call("DELETE", `${this.base}?labelSelector=${encodeURIComponent(loadSelector)}`, undefined, timeoutMs);
        if (res.status === 200) deleted += (JSON.parse(res.text) as { items?: unknown[] }).items?.length ?? 0;
        else lastProblem = `${res.status} ${oneLine(res.text).slice(0, 160)}`;
      } catch (err) {
        lastProblem = classifyThrown(err).message;
      }
      const page = await this.listPage(1);
      if (!page.error && page.items === 0) return deleted;
      if (page.error) lastProblem = page.error.message;
      if (Date.now() > deadline) throw new Error(`load objects still present ${timeoutMs} ms after deleting them (${lastProblem || "deletion pending"})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  create(index: number, stampUs: number): Promise<OpError | undefined> {
    return this.write("POST", this.base, configMapJson(this.settings.namespace, index, "create", stampUs, this.payload), 201);
  }

  update(index: number, step: 1 | 2, stampUs: number): Promise<OpError | undefined> {
    // No resourceVersion: an unconditional update, as ConfigMaps allow; the API server still does its read-compare-write.
    return this.write("PUT", `${this.base}/${objectName(index)}`, configMapJson(this.settings.namespace, index, step === 1 ? "update1" : "update2", stampUs, this.payload), 200);
  }

  remove(index: number): Promise<OpError | undefined> {
    return this.write("DELETE", `${this.base}/${objectName(index)}`, undefined, 200);
  }

  get(index: number): Promise<OpError | undefined> {
    return this.write("GET", `${this.base}/${objectName(index)}`, undefined, 200);
  }

  private async write(method: "POST" | "PUT" | "DELETE" | "GET", path: string, body: string | undefined, okStatus: number): Promise<OpError | undefined> {
    try {
      const res = await this.load.request({ path, method, headers: this.headers, body });
      if (res.statusCode === okStatus || (res.statusCode >= 200 && res.statusCode < 300)) {
        await res.body.dump();
        return undefined;
      }
      return httpError(res.statusCode, await res.body.text());
    } catch (err) {
      return classifyThrown(err);
    }
  }

  async listPage(limit: number, continueToken?: string): Promise<ListPage> {
    const q = `?labelSelector=${encodeURIComponent(loadSelector)}&limit=${limit}${continueToken ? `&continue=${encodeURIComponent(continueToken)}` : ""}`;
    try {
      const res = await this.load.request({ path: this.base + q, method: "GET", headers: this.headers });
      const text = await res.body.text();
      if (res.statusCode !== 200) return { error: httpError(res.statusCode, text), items: 0 };
      const list = JSON.parse(text) as { items?: unknown[]; metadata?: { continue?: string } };
      return { items: list.items?.length ?? 0, ...(list.metadata?.continue ? { continueToken: list.metadata.continue } : {}) };
    } catch (err) {
      return { error: classifyThrown(err), items: 0 };
    }
  }

  async currentRevision(): Promise<string | OpError> {
    try {
      const res = await this.ops.request({ path: `${this.base}?labelSelector=${encodeURIComponent(loadSelector)}&limit=1`, method: "GET", headers: this.headers });
      const text = await res.body.text();
      if (res.statusCode !== 200) return httpError(res.statusCode, text);
      const rv = (JSON.parse(text) as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
      return rv ?? { cls: "server", message: "list answered without metadata.resourceVersion" };
    } catch (err) {
      return classifyThrown(err);
    }
  }

  async watch(fromRevision: string, handler: WatchHandler): Promise<WatchStart> {
    const ac = new AbortController();
    const path = `${this.base}?watch=1&allowWatchBookmarks=true&labelSelector=${encodeURIComponent(loadSelector)}&resourceVersion=${encodeURIComponent(fromRevision)}`;
    let res: Dispatcher.ResponseData;
    try {
      res = await this.watches.request({ path, method: "GET", headers: this.headers, signal: ac.signal });
    } catch (err) {
      return { error: classifyThrown(err) };
    }
    if (res.statusCode === 410) return { expired: oneLine(await res.body.text()) };
    if (res.statusCode !== 200) return { error: httpError(res.statusCode, await res.body.text()) };
    const session = followWatchStream(res.body, ac, (finish) => {
      let done = false;
      const sink = new WatchLineSink(handler, (e) => {
        done = true;
        finish(e);
        ac.abort();
      });
      const splitter = new LineSplitter((line) => {
        if (!done) sink.line(line);
      });
      return {
        chunk: (data, receivedUs) => {
          sink.receivedUs = receivedUs;
          splitter.push(data);
        },
        endReason: () => (splitter.pending > 0 ? { reason: "error", message: "watch stream ended mid-event" } : { reason: "closed" }),
      };
    });
    return { session };
  }

  connectionsInUse(): number {
    return this.ops.stats.connected;
  }

  async scrapeMetrics(): Promise<string> {
    const res = await this.call("GET", "/metrics");
    if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}: ${oneLine(res.text).slice(0, 160)}`);
    return res.text;
  }

  private async call(method: string, path: string, body?: string, timeoutMs?: number): Promise<{ status: number; text: string }> {
    const timeouts = timeoutMs ? { headersTimeout: timeoutMs, bodyTimeout: timeoutMs } : {};
    const res = await this.ops.request({ path, method: method as "GET", headers: this.headers, body, ...timeouts });
    return { status: res.statusCode, text: await res.body.text() };
  }

  async close(): Promise<void> {
    await Promise.all([this.ops.destroy(), this.watches.destroy()]);
  }
}
