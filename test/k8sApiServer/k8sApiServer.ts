import { randomUUID } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { FaultInjector, type FaultRule, type FaultVerb } from "./faultInjector";
import { CompactedError, keyRangeEnd, type KeyValue, type KvEvent, type KvStore } from "./kvStore";
import { parseLabelSelector, type LabelMatcher } from "./labelSelector";
import { RequestMetrics } from "./requestMetrics";

/**
 * STAND-IN, not the real thing: the real kube-apiserver 1.33 (built by
 * `hcpbench lab install`, started by `hcpbench lab up`) is the oracle for the
 * load generator's behaviour (test/lab/kubernetesDriverOnRealApiServer.test.ts).
 * This server is kept for what a real server cannot be made to produce on
 * demand: connection resets, 429s, dropped watch streams (FaultInjector).
 *
 * A Kubernetes API server for ConfigMaps and Namespaces, speaking the real
 * REST and watch wire format (JSON lines of {"type","object"}), with
 * resourceVersion = the store's mod revision, limit/continue paging,
 * bookmarks, 410 Expired after compaction, Status objects with the API
 * server's codes and reasons, and the API server's two latency histograms on
 * /metrics. Backed by a real etcd (EtcdKvStore) or by memory (benchmarks).
 * Faults can be injected per verb.
 */
export interface K8sApiServerOptions {
  readonly store: KvStore;
  /** Required bearer token; none: anonymous access. */
  readonly token?: string;
  /** Serve HTTPS; with clientCa, a client certificate signed by it is required (as an API server's --client-ca-file). */
  readonly tls?: { readonly key: string; readonly cert: string; readonly clientCa?: string };
  /** How often watches that asked for bookmarks get one (default 1 s). */
  readonly bookmarkIntervalMs?: number;
  readonly port?: number;
}

interface StatusBody {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message?: string;
  reason?: string;
  details?: { name?: string; kind?: string; uid?: string };
  code: number;
}

const status = (code: number, reason: string, message: string, details?: StatusBody["details"]): StatusBody => ({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message,
  reason,
  ...(details ? { details } : {}),
  code,
});

const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const cmKey = (ns: string, name = "") => `/registry/configmaps/${ns}/${name}`;
const nsKey = (ns: string) => `/registry/namespaces/${ns}`;

/** The stored form never holds resourceVersion: it is the key's mod revision, added on the way out. */
function withRv(value: string, rv: number): string {
  return value.replace('"metadata":{', `"metadata":{"resourceVersion":"${rv}",`);
}

interface Rendered {
  readonly line: string;
  readonly labels: Record<string, string> | undefined;
}

interface ActiveWatch {
  res: http.ServerResponse;
  cancel(): void;
}

export class K8sApiServer {
  readonly faults = new FaultInjector();
  readonly metrics = new RequestMetrics();
  private readonly server: http.Server;
  private readonly watches = new Set<ActiveWatch>();
  private readonly namespaces = new Set<string>();
  private readonly rendered = new WeakMap<KvEvent, Rendered>();
  url = "";

  private constructor(private readonly opts: K8sApiServerOptions) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    this.server = opts.tls
      ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert, ...(opts.tls.clientCa ? { ca: opts.tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}) }, handler)
      : http.createServer(handler);
    this.server.keepAliveTimeout = 65_000;
  }

  static async start(opts: K8sApiServerOptions): Promise<K8sApiServer> {
    const s = new K8sApiServer(opts);
    await new Promise<void>((resolve) => s.server.listen(opts.port ?? 0, "127.0.0.1", resolve));
    s.url = `${opts.tls ? "https" : "http"}://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  /** Adds a fault rule (see FaultInjector). */
  inject(rule: FaultRule): void {
    this.faults.add(rule);
  }

  /** Compacts the store at its current revision and ends every watch: clients resuming from an older revision get 410. */
  async compactAndEndWatches(): Promise<number> {
    const rev = await this.opts.store.revision();
    await this.opts.store.compact(rev);
    this.endWatches();
    return rev;
  }

  /** Ends every open watch cleanly (as an API server does when its watch timeout passes). */
  /** Watch streams currently open. */
  get openWatches(): number {
    return this.watches.size;
  }

  endWatches(): void {
    for (const w of this.watches) {
      w.cancel();
      w.res.end();
    }
    this.watches.clear();
  }

  async stop(): Promise<void> {
    this.endWatches();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://local");
    const parts = url.pathname.split("/").filter(Boolean);
    let verb = "GET";
    let resource = "";
    try {
      if (this.opts.token && req.headers.authorization !== `Bearer ${this.opts.token}`) return this.send(res, 401, status(401, "Unauthorized", "Unauthorized"));
      if (url.pathname === "/version") return this.send(res, 200, { major: "1", minor: "33", gitVersion: "v1.33.4-hcpbench-test" });
      if (url.pathname === "/metrics") {
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
        return void res.end(this.metrics.text());
      }
      // /api/v1/namespaces[/ns[/configmaps[/name]]]
      if (parts[0] !== "api" || parts[1] !== "v1" || parts[2] !== "namespaces" || parts.length > 6 || (parts.length >= 5 && parts[4] !== "configmaps")) {
        return this.send(res, 404, status(404, "NotFound", "the server could not find the requested resource"));
      }
      const ns = parts[3];
      const name = parts[5];
      const body = req.method === "POST" || req.method === "PUT" ? await readBody(req) : "";
      if (parts.length <= 4) {
        resource = "namespaces";
        verb = req.method ?? "GET";
        return await this.namespaceRequest(res, req.method ?? "GET", ns, body);
      }
      resource = "configmaps";
      const method = req.method ?? "GET";
      const collection = name === undefined;
      const watching = collection && method === "GET" && (url.searchParams.get("watch") === "true" || url.searchParams.get("watch") === "1");
      const fverb: FaultVerb = watching ? "watch" : collection ? (method === "GET" ? "list" : method === "POST" ? "create" : "deletecollection") : method === "GET" ? "get" : method === "PUT" ? "update" : "delete";
      verb = watching ? "WATCH" : fverb === "list" ? "LIST" : method;
      const fault = this.faults.pick(fverb);
      if (fault && (await this.applyFault(fault, req, res, watching))) return;
      if (!(await this.namespaceExists(ns))) return this.send(res, 404, status(404, "NotFound", `namespaces "${ns}" not found`, { name: ns, kind: "namespaces" }));
      if (watching) return await this.watch(res, ns, url.searchParams, fault);
      switch (fverb) {
        case "list":
          return await this.list(res, ns, url.searchParams);
        case "create":
          return await this.create(res, ns, body);
        case "deletecollection":
          return await this.deleteCollection(res, ns, url.searchParams);
        case "get":
          return await this.get(res, ns, name!);
        case "update":
          return await this.update(res, ns, name!, body);
        default:
          return await this.remove(res, ns, name!);
      }
    } catch (err) {
      if (!res.headersSent) this.send(res, 500, status(500, "InternalError", `Internal error occurred: ${(err as Error).message}`));
      else res.destroy();
    } finally {
      if (verb !== "WATCH" && resource) this.metrics.request(verb, resource, (performance.now() - started) / 1000);
    }
  }

  /** True when the fault answered (or dropped) the request; slow faults delay, then let it through unless the client left. */
  private async applyFault(fault: FaultRule, req: http.IncomingMessage, res: http.ServerResponse, watching: boolean): Promise<boolean> {
    switch (fault.kind) {
      case "reset":
        req.socket.destroy();
        return true;
      case "throttle":
        res.setHeader("retry-after", String(fault.retryAfterS ?? 1));
        this.send(res, 429, status(429, "TooManyRequests", "Too many requests, please try again later."));
        return true;
      case "server-error":
        this.send(res, 500, status(500, "InternalError", "Internal error occurred: injected fault"));
        return true;
      case "gateway-timeout":
        this.send(res, 504, status(504, "Timeout", "Timeout: request did not complete within the allowed duration"));
        return true;
      case "slow":
        await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
        if (req.socket.destroyed) return true;
        return false;
      case "gone":
        if (!watching) return false;
        res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
        res.end(`${JSON.stringify({ type: "ERROR", object: status(410, "Expired", "too old resource version: injected") })}\n`);
        return true;
      default:
        return false; // drop-watch acts inside the watch
    }
  }

  private send(res: http.ServerResponse, code: number, body: unknown): void {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  private async timed<T>(operation: string, type: string, fn: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      this.metrics.storageCall(operation, type, (performance.now() - t) / 1000);
    }
  }

  private async namespaceExists(ns: string): Promise<boolean> {
    if (this.namespaces.has(ns)) return true;
    const kv = await this.timed("get", "/registry/namespaces", () => this.opts.store.get(nsKey(ns)));
    if (kv) this.namespaces.add(ns);
    return kv !== undefined;
  }

  private async namespaceRequest(res: http.ServerResponse, method: string, ns: string | undefined, body: string): Promise<void> {
    const store = this.opts.store;
    if (method === "GET" && ns) {
      const kv = await store.get(nsKey(ns));
      return kv ? this.send(res, 200, withRv(kv.value, kv.modRevision)) : this.send(res, 404, status(404, "NotFound", `namespaces "${ns}" not found`, { name: ns, kind: "namespaces" }));
    }
    if (method === "POST" && !ns) {
      const obj = parseObject(body);
      const name = obj?.metadata?.name;
      if (!name || !dnsSubdomain.test(name)) return this.send(res, 422, status(422, "Invalid", `Namespace "${name ?? ""}" is invalid: metadata.name: Invalid value`));
      const value = JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name, uid: randomUUID(), creationTimestamp: now() }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } });
      const rev = await store.create(nsKey(name), value);
      if (rev === undefined) return this.send(res, 409, status(409, "AlreadyExists", `namespaces "${name}" already exists`, { name, kind: "namespaces" }));
      this.namespaces.add(name);
      return this.send(res, 201, withRv(value, rev));
    }
    return this.send(res, 405, status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"));
  }

  private async create(res: http.ServerResponse, ns: string, body: string): Promise<void> {
    const obj = parseObject(body);
    if (!obj) return this.send(res, 400, status(400, "BadRequest", "the body of the request was not valid JSON"));
    const name = obj.metadata?.name;
    if (!name || !dnsSubdomain.test(name)) return this.send(res, 422, status(422, "Invalid", `ConfigMap "${name ?? ""}" is invalid: metadata.name: Invalid value`, { name, kind: "ConfigMap" }));
    if (obj.metadata?.namespace && obj.metadata.namespace !== ns) return this.send(res, 400, status(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request"));
    const value = storedConfigMap(obj, ns, randomUUID(), now());
    const rev = await this.timed("create", "/registry/configmaps", () => this.opts.store.create(cmKey(ns, name), value));
    if (rev === undefined) return this.send(res, 409, status(409, "AlreadyExists", `configmaps "${name}" already exists`, { name, kind: "configmaps" }));
    this.send(res, 201, withRv(value, rev));
  }

  private async get(res: http.ServerResponse, ns: string, name: string): Promise<void> {
    const kv = await this.timed("get", "/registry/configmaps", () => this.opts.store.get(cmKey(ns, name)));
    if (!kv) return this.send(res, 404, status(404, "NotFound", `configmaps "${name}" not found`, { name, kind: "configmaps" }));
    this.send(res, 200, withRv(kv.value, kv.modRevision));
  }

  /** PUT as GuaranteedUpdate: read, check the caller's resourceVersion if any, compare-and-swap, retry when unconditional. */
  private async update(res: http.ServerResponse, ns: string, name: string, body: string): Promise<void> {
    const obj = parseObject(body);
    if (!obj) return this.send(res, 400, status(400, "BadRequest", "the body of the request was not valid JSON"));
    if (obj.metadata?.name !== name) return this.send(res, 400, status(400, "BadRequest", "the name of the object does not match the name on the URL"));
    const wanted = obj.metadata?.resourceVersion ? Number(obj.metadata.resourceVersion) : undefined;
    const conflict = () => this.send(res, 409, status(409, "Conflict", `Operation cannot be fulfilled on configmaps "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, kind: "configmaps" }));
    for (;;) {
      const cur = await this.timed("get", "/registry/configmaps", () => this.opts.store.get(cmKey(ns, name)));
      if (!cur) return this.send(res, 404, status(404, "NotFound", `configmaps "${name}" not found`, { name, kind: "configmaps" }));
      if (wanted !== undefined && wanted !== cur.modRevision) return conflict();
      const meta = (parseObject(cur.value)?.metadata ?? {}) as { uid?: string; creationTimestamp?: string };
      const value = storedConfigMap(obj, ns, meta.uid ?? randomUUID(), meta.creationTimestamp ?? now());
      const rev = await this.timed("update", "/registry/configmaps", () => this.opts.store.update(cmKey(ns, name), value, cur.modRevision));
      if (rev !== undefined) return this.send(res, 200, withRv(value, rev));
      if (wanted !== undefined) return conflict();
    }
  }

  private async remove(res: http.ServerResponse, ns: string, name: string): Promise<void> {
    for (;;) {
      const cur = await this.timed("get", "/registry/configmaps", () => this.opts.store.get(cmKey(ns, name)));
      if (!cur) return this.send(res, 404, status(404, "NotFound", `configmaps "${name}" not found`, { name, kind: "configmaps" }));
      const rev = await this.timed("delete", "/registry/configmaps", () => this.opts.store.delete(cmKey(ns, name), cur.modRevision));
      if (rev === undefined) continue;
      const uid = (parseObject(cur.value)?.metadata as { uid?: string } | undefined)?.uid;
      return this.send(res, 200, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name, kind: "configmaps", ...(uid ? { uid } : {}) } });
    }
  }

  private async deleteCollection(res: http.ServerResponse, ns: string, q: URLSearchParams): Promise<void> {
    const match = parseLabelSelector(q.get("labelSelector"));
    const all = await this.timed("list", "/registry/configmaps", () => this.opts.store.range(cmKey(ns), keyRangeEnd(cmKey(ns)), 0, 0));
    const deleted: string[] = [];
    for (const kv of all.kvs) {
      if (!match(labelsOf(kv.value))) continue;
      const rev = await this.timed("delete", "/registry/configmaps", () => this.opts.store.delete(kv.key, kv.modRevision));
      if (rev !== undefined) deleted.push(withRv(kv.value, rev));
    }
    this.send(res, 200, `{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"${await this.opts.store.revision()}"},"items":[${deleted.join(",")}]}`);
  }

  private async list(res: http.ServerResponse, ns: string, q: URLSearchParams): Promise<void> {
    const match = parseLabelSelector(q.get("labelSelector"));
    const limit = Number(q.get("limit") ?? 0) || 0;
    const prefix = cmKey(ns);
    const end = keyRangeEnd(prefix);
    let from = prefix;
    let rev = 0;
    const token = q.get("continue");
    if (token) {
      const parsed = decodeContinue(token);
      if (!parsed) return this.send(res, 400, status(400, "BadRequest", "continue key is not valid"));
      rev = parsed.rv;
      from = prefix + parsed.start;
    }
    const items: string[] = [];
    let next: string | undefined;
    try {
      for (;;) {
        const page = await this.timed("list", "/registry/configmaps", () => this.opts.store.range(from, end, limit > 0 ? limit : 0, rev));
        rev = page.revision;
        for (const kv of page.kvs) {
          if (limit > 0 && items.length >= limit) {
            next = kv.key.slice(prefix.length);
            break;
          }
          if (match(labelsOf(kv.value))) items.push(withRv(kv.value, kv.modRevision));
        }
        if (next !== undefined || !page.more) break;
        from = `${page.kvs[page.kvs.length - 1].key}\0`;
        if (limit > 0 && items.length >= limit) {
          next = from.slice(prefix.length);
          break;
        }
      }
    } catch (err) {
      if (err instanceof CompactedError) {
        return this.send(res, 410, status(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."));
      }
      throw err;
    }
    const cont = next !== undefined ? `,"continue":"${encodeContinue(rev, next)}"` : "";
    this.send(res, 200, `{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"${rev}"${cont}},"items":[${items.join(",")}]}`);
  }

  private render(ev: KvEvent): Rendered {
    let r = this.rendered.get(ev);
    if (r) return r;
    if (ev.type === "put") {
      const type = ev.kv.createRevision === ev.kv.modRevision ? "ADDED" : "MODIFIED";
      r = { line: `{"type":"${type}","object":${withRv(ev.kv.value, ev.kv.modRevision)}}\n`, labels: labelsOf(ev.kv.value) };
    } else {
      // A delete event carries the object as last stored, at the delete's revision.
      const value = ev.prev?.value ?? `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${ev.key.slice(ev.key.lastIndexOf("/") + 1)}"}}`;
      r = { line: `{"type":"DELETED","object":${withRv(value, ev.modRevision)}}\n`, labels: labelsOf(value) };
    }
    this.rendered.set(ev, r);
    return r;
  }

  private async watch(res: http.ServerResponse, ns: string, q: URLSearchParams, fault: FaultRule | undefined): Promise<void> {
    const match: LabelMatcher = parseLabelSelector(q.get("labelSelector"));
    const bookmarks = q.get("allowWatchBookmarks") === "true";
    const timeoutS = Number(q.get("timeoutSeconds") ?? 0);
    const rvParam = q.get("resourceVersion");
    const prefix = cmKey(ns);
    const end = keyRangeEnd(prefix);
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    res.flushHeaders();
    const dropAfter = fault?.kind === "drop-watch" ? fault.afterEvents ?? 0 : -1;
    let sent = 0;
    let progress = 0;
    let lastBookmark = 0;
    let closed = false;
    const timers: NodeJS.Timeout[] = [];
    const active: ActiveWatch = { res, cancel: () => undefined };
    const close = (finalLine?: string) => {
      if (closed) return;
      closed = true;
      timers.forEach(clearInterval);
      active.cancel();
      this.watches.delete(active);
      if (finalLine) res.end(finalLine);
      else res.end();
    };
    res.on("close", () => close());

    let startRev: number;
    if (!rvParam || rvParam === "0") {
      // No resourceVersion: the current state as ADDED events, then changes.
      const all = await this.opts.store.range(prefix, end, 0, 0);
      startRev = all.revision + 1;
      const initial = all.kvs.filter((kv) => match(labelsOf(kv.value))).map((kv) => `{"type":"ADDED","object":${withRv(kv.value, kv.modRevision)}}\n`);
      if (initial.length) res.write(initial.join(""));
    } else {
      startRev = Number(rvParam) + 1;
    }
    progress = startRev - 1;
    const handle = this.opts.store.watch(prefix, end, startRev, {
      events: (events, revision) => {
        if (closed) return;
        let out = "";
        for (const ev of events) {
          const r = this.render(ev);
          if (!match(r.labels)) continue;
          out += r.line;
          sent++;
          if (dropAfter >= 0 && sent >= dropAfter) {
            // Cut the connection mid-stream, as a failing load balancer or API server restart would.
            if (out) res.write(out);
            closed = true;
            active.cancel();
            this.watches.delete(active);
            res.socket?.destroy();
            return;
          }
        }
        if (out) res.write(out);
        progress = Math.max(progress, revision);
      },
      ended: (err) => {
        if (err instanceof CompactedError) close(`${JSON.stringify({ type: "ERROR", object: status(410, "Expired", `too old resource version: ${startRev - 1} (${err.compactRevision})`) })}\n`);
        else if (err) close(`${JSON.stringify({ type: "ERROR", object: status(500, "InternalError", err.message) })}\n`);
        else close();
      },
    });
    active.cancel = handle.cancel;
    if (closed) return handle.cancel();
    this.watches.add(active);
    if (bookmarks) {
      timers.push(
        setInterval(() => {
          if (closed || progress <= lastBookmark) return;
          lastBookmark = progress;
          res.write(`{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"${progress}"}}}\n`);
        }, this.opts.bookmarkIntervalMs ?? 1000),
      );
    }
    if (timeoutS > 0) timers.push(setTimeout(() => close(), timeoutS * 1000));
  }

  /** A kubeconfig for this server (token auth when the server wants one; TLS trust from the given CA). */
  kubeconfig(opts: { ca?: string; token?: string; clientCert?: string; clientKey?: string; server?: string } = {}): string {
    const token = opts.token ?? this.opts.token;
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    return [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "- name: test",
      "  cluster:",
      `    server: ${opts.server ?? this.url}`,
      ...(opts.ca ? [`    certificate-authority-data: ${b64(opts.ca)}`] : []),
      "users:",
      "- name: test",
      "  user:",
      ...(token ? [`    token: ${token}`] : []),
      ...(opts.clientCert && opts.clientKey ? [`    client-certificate-data: ${b64(opts.clientCert)}`, `    client-key-data: ${b64(opts.clientKey)}`] : []),
      ...(!token && !opts.clientCert ? ["    {}"] : []),
      "contexts:",
      "- name: test",
      "  context: {cluster: test, user: test}",
      "current-context: test",
      "",
    ].join("\n");
  }
}

interface StoredObject {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

function parseObject(text: string): StoredObject | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" ? (v as StoredObject) : undefined;
  } catch {
    return undefined;
  }
}

/** The stored form: apiVersion, kind, then metadata, so withRv finds the top-level metadata first. */
function storedConfigMap(obj: StoredObject, ns: string, uid: string, created: string): string {
  const m = obj.metadata ?? {};
  return JSON.stringify({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: m.name, namespace: ns, uid, creationTimestamp: created, ...(m.labels ? { labels: m.labels } : {}), ...(m.annotations ? { annotations: m.annotations } : {}) },
    ...(obj.data ? { data: obj.data } : {}),
    ...(obj.binaryData ? { binaryData: obj.binaryData } : {}),
    ...(obj.immutable !== undefined ? { immutable: obj.immutable } : {}),
  });
}

function labelsOf(value: string): Record<string, string> | undefined {
  return parseObject(value)?.metadata?.labels;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv, start })).toString("base64url");
}

function decodeContinue(token: string): { rv: number; start: string } | undefined {
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { v?: string; rv?: number; start?: string };
    return t.v === "meta.k8s.io/v1" && typeof t.rv === "number" && typeof t.start === "string" ? { rv: t.rv, start: t.start } : undefined;
  } catch {
    return undefined;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export type { KeyValue };
