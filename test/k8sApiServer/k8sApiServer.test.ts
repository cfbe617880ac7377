import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServerOnEtcd, type ApiServerOnEtcd } from "./apiServerOnEtcd";

/** The test API server speaks the Kubernetes wire format, with resourceVersion = etcd's mod revision. */
describe("test API server on a real etcd", () => {
  let bed: ApiServerOnEtcd;
  const token = "test-token";
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(bed.api.url + path, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, any> };
  };
  const cm = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels: { app: "t" }, ...extra }, data: { k: "v" } });
  const etcdModRevision = async (key: string) => {
    const res = await fetch(`${bed.etcd.endpoint}/v3/kv/range`, { method: "POST", body: JSON.stringify({ key: Buffer.from(key).toString("base64") }) });
    const kvs = ((await res.json()) as { kvs?: { mod_revision: string }[] }).kvs;
    return kvs?.[0]?.mod_revision;
  };

  beforeAll(async () => {
    bed = await startApiServerOnEtcd({ token, bookmarkIntervalMs: 100 });
    expect((await call("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "wire" } })).status).toBe(201);
  });
  afterAll(() => bed.stop());

  it("refuses requests without the bearer token with a 401 Status", async () => {
    const res = await fetch(`${bed.api.url}/api/v1/namespaces/wire/configmaps`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ kind: "Status", status: "Failure", reason: "Unauthorized", code: 401 });
  });

  it("creates (201, resourceVersion = etcd mod_revision), then answers 409 AlreadyExists and 404 NotFound", async () => {
    const made = await call("POST", "/api/v1/namespaces/wire/configmaps", cm("a"));
    expect(made.status).toBe(201);
    expect(made.json.metadata.resourceVersion).toBe(await etcdModRevision("/registry/configmaps/wire/a"));
    expect(made.json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const again = await call("POST", "/api/v1/namespaces/wire/configmaps", cm("a"));
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ kind: "Status", reason: "AlreadyExists", code: 409, details: { name: "a", kind: "configmaps" } });
    const missing = await call("GET", "/api/v1/namespaces/wire/configmaps/nope");
    expect(missing.json).toMatchObject({ reason: "NotFound", code: 404, message: 'configmaps "nope" not found' });
    expect((await call("POST", "/api/v1/namespaces/nons/configmaps", cm("x"))).json).toMatchObject({ code: 404, message: 'namespaces "nons" not found' });
  });

  it("updates conditionally: a stale resourceVersion is a 409 Conflict", async () => {
    const made = await call("POST", "/api/v1/namespaces/wire/configmaps", cm("b"));
    const rv = made.json.metadata.resourceVersion as string;
    const ok = await call("PUT", "/api/v1/namespaces/wire/configmaps/b", cm("b", { resourceVersion: rv }));
    expect(ok.status).toBe(200);
    expect(Number(ok.json.metadata.resourceVersion)).toBeGreaterThan(Number(rv));
    expect(ok.json.metadata.uid).toBe(made.json.metadata.uid);
    const stale = await call("PUT", "/api/v1/namespaces/wire/configmaps/b", cm("b", { resourceVersion: rv }));
    expect(stale.json).toMatchObject({ reason: "Conflict", code: 409 });
    const del = await call("DELETE", "/api/v1/namespaces/wire/configmaps/b");
    expect(del.json).toMatchObject({ kind: "Status", status: "Success", details: { name: "b", kind: "configmaps", uid: made.json.metadata.uid } });
    expect(await etcdModRevision("/registry/configmaps/wire/b")).toBeUndefined();
  });

  it("pages lists with limit and continue tokens at one resourceVersion, and expires tokens after compaction", async () => {
    await call("POST", "/api/v1/namespaces", { metadata: { name: "paging" } });
    for (let i = 0; i < 23; i++) await call("POST", "/api/v1/namespaces/paging/configmaps", cm(`p${String(i).padStart(2, "0")}`));
    await call("POST", "/api/v1/namespaces/paging/configmaps", { metadata: { name: "unlabelled" } });
    const names: string[] = [];
    let cont: string | undefined;
    let rv: string | undefined;
    let pages = 0;
    do {
      const page = await call("GET", `/api/v1/namespaces/paging/configmaps?labelSelector=app%3Dt&limit=10${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`);
      expect(page.json.kind).toBe("ConfigMapList");
      rv ??= page.json.metadata.resourceVersion;
      expect(page.json.metadata.resourceVersion).toBe(rv);
      names.push(...page.json.items.map((i: { metadata: { name: string } }) => i.metadata.name));
      cont = page.json.metadata.continue;
      pages++;
    } while (cont);
    expect(pages).toBe(3);
    expect(names).toEqual(Array.from({ length: 23 }, (_, i) => `p${String(i).padStart(2, "0")}`));
    const first = await call("GET", "/api/v1/namespaces/paging/configmaps?limit=5");
    await call("POST", "/api/v1/namespaces/paging/configmaps", cm("later"));
    await bed.api.compactAndEndWatches();
    const expired = await call("GET", `/api/v1/namespaces/paging/configmaps?limit=5&continue=${encodeURIComponent(first.json.metadata.continue)}`);
    expect(expired.status).toBe(410);
    expect(expired.json).toMatchObject({ kind: "Status", reason: "Expired", code: 410 });
  });

  it("streams watch events as JSON lines, with bookmarks, and 410 Expired from a compacted resourceVersion", async () => {
    await call("POST", "/api/v1/namespaces", { metadata: { name: "watched" } });
    const start = (await call("GET", "/api/v1/namespaces/watched/configmaps?limit=1")).json.metadata.resourceVersion as string;
    const ac = new AbortController();
    const res = await fetch(`${bed.api.url}/api/v1/namespaces/watched/configmaps?watch=1&allowWatchBookmarks=true&resourceVersion=${start}`, { headers: { authorization: `Bearer ${token}` }, signal: ac.signal });
    expect(res.status).toBe(200);
    const lines: any[] = [];
    const reading = (async () => {
      let rest = "";
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          rest += Buffer.from(chunk).toString();
          const parts = rest.split("\n");
          rest = parts.pop()!;
          lines.push(...parts.filter(Boolean).map((l) => JSON.parse(l)));
        }
      } catch {
        // aborted
      }
    })();
    const made = await call("POST", "/api/v1/namespaces/watched/configmaps", cm("w"));
    const updated = await call("PUT", "/api/v1/namespaces/watched/configmaps/w", cm("w"));
    await call("DELETE", "/api/v1/namespaces/watched/configmaps/w");
    const deletedRv = await etcdRevision();
    await new Promise((r) => setTimeout(r, 400));
    ac.abort();
    await reading;
    const events = lines.filter((l) => l.type !== "BOOKMARK");
    expect(events.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    expect(events[0].object.metadata.resourceVersion).toBe(made.json.metadata.resourceVersion);
    expect(events[1].object.metadata.resourceVersion).toBe(updated.json.metadata.resourceVersion);
    // A DELETED event carries the last stored object at the delete's revision.
    expect(events[2].object.metadata.resourceVersion).toBe(deletedRv);
    expect(events[2].object.data).toEqual({ k: "v" });
    const bookmark = lines.find((l) => l.type === "BOOKMARK");
    expect(bookmark.object.metadata.resourceVersion).toBe(deletedRv);

    await bed.api.compactAndEndWatches();
    const old = await fetch(`${bed.api.url}/api/v1/namespaces/watched/configmaps?watch=1&resourceVersion=${start}`, { headers: { authorization: `Bearer ${token}` } });
    const [errorLine] = (await old.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(errorLine).toMatchObject({ type: "ERROR", object: { kind: "Status", reason: "Expired", code: 410 } });
  });

  it("injects 429 with Retry-After, 500 and 504 as Status objects, then serves normally", async () => {
    bed.api.inject({ kind: "throttle", verb: "get", times: 1, retryAfterS: 3 });
    bed.api.inject({ kind: "server-error", verb: "get", times: 1 });
    bed.api.inject({ kind: "gateway-timeout", verb: "get", times: 1 });
    const throttled = await call("GET", "/api/v1/namespaces/wire/configmaps/a");
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect(throttled.json).toMatchObject({ reason: "TooManyRequests", code: 429 });
    expect((await call("GET", "/api/v1/namespaces/wire/configmaps/a")).json).toMatchObject({ reason: "InternalError", code: 500 });
    expect((await call("GET", "/api/v1/namespaces/wire/configmaps/a")).json).toMatchObject({ reason: "Timeout", code: 504 });
    expect((await call("GET", "/api/v1/namespaces/wire/configmaps/a")).status).toBe(200);
    expect(bed.api.faults.struck).toMatchObject({ throttle: 1, "server-error": 1, "gateway-timeout": 1 });
    bed.api.faults.clear();
  });

  it("exposes the API server's request and storage latency histograms", async () => {
    const text = await (await fetch(`${bed.api.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(text).toMatch(/^apiserver_request_duration_seconds_count\{.*resource="configmaps".*verb="POST".*\} [1-9]/m);
    expect(text).toMatch(/^etcd_request_duration_seconds_bucket\{operation="create",type="\/registry\/configmaps",le="\+Inf"\} [1-9]/m);
  });

  async function etcdRevision(): Promise<string> {
    const res = await fetch(`${bed.etcd.endpoint}/v3/kv/range`, { method: "POST", body: JSON.stringify({ key: Buffer.from("\0").toString("base64"), count_only: true }) });
    return ((await res.json()) as { header: { revision: string } }).header.revision;
  }
});
