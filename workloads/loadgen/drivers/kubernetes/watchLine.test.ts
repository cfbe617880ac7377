import * as http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { K8sApiServer } from "../../../../test/k8sApiServer/k8sApiServer";
import { MemoryKvStore } from "../../../../test/k8sApiServer/memoryKvStore";
import { replayLines } from "../../../../scripts/bench/watchReplayServer";
import { oneLine } from "../../measure/errorClass";
import { LineSplitter } from "../jsonLines";
import { configMapJson, payloadOfSize, stampOf } from "../loadObject";
import { WatchEventType, type WatchEnd, type WatchHandler } from "../storeDriver";
import { DecodedLine, decodeWatchLine, eventLineSource, LineKind, parseWatchLine, scanWatchLine, text, WatchLineSink } from "./watchLine";

type Call = ["event", WatchEventType, string, number, string, number] | ["bookmark", string] | ["end", WatchEnd];

/**
 * The driver's line handling before the scan existed, verbatim but for the
 * handler: JSON.parse of every line. The reference the new decoding must
 * reproduce call for call.
 */
function referenceCalls(lines: readonly string[], receivedUs = 7): Call[] {
  const eventTypes: Record<string, WatchEventType> = { ADDED: WatchEventType.Added, MODIFIED: WatchEventType.Modified, DELETED: WatchEventType.Deleted };
  interface WatchLine {
    type?: string;
    object?: { metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> }; code?: number; reason?: string; message?: string };
  }
  const calls: Call[] = [];
  let end: WatchEnd | undefined;
  const finish = (e: WatchEnd) => {
    end ??= e;
    calls.push(["end", e]);
  };
  for (const line of lines) {
    if (end) break;
    let ev: WatchLine;
    try {
      ev = JSON.parse(line) as WatchLine;
    } catch {
      finish({ reason: "error", message: `malformed watch line: ${oneLine(line).slice(0, 120)}` });
      continue;
    }
    const type = ev.type === undefined ? undefined : eventTypes[ev.type];
    const meta = ev.object?.metadata;
    if (type !== undefined) calls.push(["event", type, meta?.name ?? "", stampOf(ev.object), meta?.resourceVersion ?? "", receivedUs]);
    else if (ev.type === "BOOKMARK") calls.push(["bookmark", meta?.resourceVersion ?? ""]);
    else if (ev.type === "ERROR") {
      const s = ev.object ?? {};
      const message = oneLine(`${s.code ?? ""} ${s.reason ?? ""}: ${s.message ?? ""}`);
      finish(s.code === 410 || s.reason === "Expired" || s.reason === "Gone" ? { reason: "expired", message } : { reason: "error", message });
    }
  }
  return calls;
}

/**
 * The new decoding against the reference, for lines the reference can take:
 * it threw on the line "null" (now reported as malformed), and handed a
 * non-string name or resourceVersion on raw (now as text()).
 */
function expectSameAsReference(lines: readonly string[]): "compared" | "reference threw" {
  let ref: Call[];
  try {
    ref = referenceCalls(lines);
  } catch (err) {
    // Where the reference crashed, the new decoding must end the watch with an error, not pass the line through.
    const ends = sinkCalls(lines).filter((c) => c[0] === "end");
    expect(ends, `reference threw (${(err as Error).message}); the sink must report an error for:\n${lines.join("\n")}`).toEqual([["end", expect.objectContaining({ reason: "error" })]]);
    return "reference threw";
  }
  const normalised = ref.map((c): Call => (c[0] === "event" ? ["event", c[1], text(c[2]), c[3], text(c[4]), c[5]] : c[0] === "bookmark" ? ["bookmark", text(c[1])] : c));
  expect(sinkCalls(lines), lines.join("\n")).toEqual(normalised);
  return "compared";
}

function sinkCalls(lines: readonly string[], receivedUs = 7): Call[] {
  const calls: Call[] = [];
  const handler: WatchHandler = {
    event: (type, name, stampUs, revision, now) => calls.push(["event", type, name, stampUs, revision, now]),
    bookmark: (revision) => calls.push(["bookmark", revision]),
  };
  const sink = new WatchLineSink(handler, (e) => calls.push(["end", e]));
  sink.receivedUs = receivedUs;
  for (const line of lines) sink.line(line);
  return calls;
}

const fields = (d: DecodedLine) => ({ kind: d.kind, type: d.kind === LineKind.Event ? d.type : undefined, name: d.name, revision: d.revision, stampUs: d.stampUs, end: d.end });

/** The scan either declines or agrees with JSON.parse; and it never accepts a line JSON.parse rejects. Returns whether it took the line. */
function checkAgreement(line: string): boolean {
  const fast = new DecodedLine();
  const taken = scanWatchLine(line, fast);
  if (!taken) return false;
  let parsed = true;
  try {
    JSON.parse(line);
  } catch {
    parsed = false;
  }
  if (!parsed) throw new Error(`scan accepted a line JSON.parse rejects: ${line}`);
  const slow = new DecodedLine();
  parseWatchLine(line, slow);
  expect(fields(fast), line).toEqual(fields(slow));
  return true;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------- corpus

/** Shaped as a real kube-apiserver sends them: Go struct field order, managedFields, several annotations, ownerReferences with their own "name". */
const managedFields =
  '"managedFields":[{"manager":"hcpbench-loadgen","operation":"Update","apiVersion":"v1","time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1",' +
  '"fieldsV1":{"f:data":{".":{},"f:payload":{}},"f:metadata":{"f:annotations":{".":{},"f:hcpbench.io/sent-us":{},"f:hcpbench.io/step":{}},"f:labels":{".":{},"f:hcpbench.io/load":{}},"f:ownerReferences":{".":{},"k:{\\"uid\\":\\"1\\"}":{}}}}},' +
  '{"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1","time":"2026-01-01T00:00:01Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:finalizers":{".":{},"v:\\"hcpbench.io/keep\\"":{}}}},"subresource":"status"}]';
const managedFieldsNoEscapes =
  '"managedFields":[{"manager":"hcpbench-loadgen","operation":"Update","apiVersion":"v1","time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1",' +
  '"fieldsV1":{"f:data":{".":{},"f:payload":{}},"f:metadata":{"f:annotations":{".":{},"f:hcpbench.io/sent-us":{},"f:hcpbench.io/step":{}},"f:labels":{".":{},"f:hcpbench.io/load":{}}}}}]';

function realApiServerLine(type: string, opts: { name?: string; rv?: string; stamp?: string; extraMeta?: string; data?: string; managed?: string } = {}): string {
  const name = opts.name ?? "load-000042";
  const annotations = `"annotations":{"deployment.kubernetes.io/revision":"3",${opts.stamp === undefined ? "" : `"hcpbench.io/sent-us":"${opts.stamp}",`}"hcpbench.io/step":"update1","note":"f:hcpbench.io/sent-us"}`;
  return (
    `{"type":"${type}","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"${name}","namespace":"load-test","uid":"0b5e3c1e-7d1a-4d57-9f45-2f3c6a1b9e10",` +
    `"resourceVersion":"${opts.rv ?? "8812345"}","generation":2,"creationTimestamp":"2026-01-01T00:00:00Z",${opts.extraMeta ?? ""}` +
    `"labels":{"app.kubernetes.io/part-of":"hcpbench","hcpbench.io/load":"loadgen","name":"not-the-name"},${annotations},` +
    `"ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"owner-cm","uid":"5d2c","controller":true,"blockOwnerDeletion":true}],` +
    `"finalizers":["hcpbench.io/keep"],${opts.managed ?? managedFieldsNoEscapes}},"immutable":false,"data":${opts.data ?? '{"payload":"abcdefghij","hcpbench.io/sent-us":"999"}'},"binaryData":{"b":"AAEC"}}}`
  );
}

const realShaped = [
  realApiServerLine("ADDED", { stamp: "1767225600123456" }),
  realApiServerLine("MODIFIED", { stamp: "123456789012" }),
  realApiServerLine("DELETED", { stamp: "123456789012", extraMeta: '"deletionTimestamp":"2026-01-01T00:00:05Z","deletionGracePeriodSeconds":0,' }),
  realApiServerLine("ADDED"), // no send time: NaN
  realApiServerLine("MODIFIED", { stamp: "" }), // Number("") is 0
  realApiServerLine("MODIFIED", { stamp: "12.5e3" }),
  realApiServerLine("MODIFIED", { stamp: "1234567890123456789" }),
  realApiServerLine("MODIFIED", { stamp: "0x1f" }),
  realApiServerLine("MODIFIED", { stamp: " 42 " }),
  realApiServerLine("MODIFIED", { stamp: "bogus" }),
  realApiServerLine("ADDED", { name: "weird-名前-✓", stamp: "5" }),
  realApiServerLine("MODIFIED", { stamp: "5", data: '{"a":"-1","n":"{\\"not\\":1}"}' }), // an escape outside the fields read: full parse
  realApiServerLine("MODIFIED", { stamp: "5", managed: managedFields }), // escapes inside managedFields keys (k:, v:): full parse
  realApiServerLine("ADDED", { name: "load-\\u00300001<", stamp: "5" }), // Go escapes <, >, & as \u003c...; an escaped name takes the full parse
  realApiServerLine("ADDED", { name: "load-\\u003c01\\\\x", stamp: "5" }),
  realApiServerLine("ADDED", { rv: "88\\u00312", stamp: "5" }),
  realApiServerLine("ADDED", { stamp: "12\\u00334" }),
];

const bookmarksAndErrors = [
  '{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"8812400","creationTimestamp":null,"annotations":{"k8s.io/initial-events-end":"true"}}}}',
  '{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"12"}}}',
  '{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{}}}',
  '{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (2)","reason":"Expired","code":410}}',
  '{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"etcdserver: request timed out","reason":"InternalError","code":500}}',
  '{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"gone","reason":"Gone","code":410}}',
  '{"type":"ERROR","object":null}',
];

/** Lines that try to mislead a scan; each must be decoded exactly as JSON.parse decodes it (by the scan or by the fallback). */
const adversarial = [
  // Fields in other orders.
  '{"object":{"metadata":{"name":"a","resourceVersion":"1"}},"type":"ADDED"}',
  '{"type":"ADDED","object":{"data":{"x":"y"},"metadata":{"resourceVersion":"2","name":"b"},"kind":"ConfigMap"}}',
  '{"type":"ADDED","object":{"metadata":{"annotations":{"hcpbench.io/sent-us":"9"},"name":"c","resourceVersion":"3"}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"c","annotations":{"hcpbench.io/sent-us":"9"},"resourceVersion":"3"}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"d"}}}',
  '{"type":"ADDED","object":{"metadata":{"resourceVersion":"4"}}}',
  '{"type":"ADDED","object":{"metadata":{}}}',
  '{"type":"ADDED","object":{}}',
  '{"type":"ADDED"}',
  '{"type":"ADDED","object":null}',
  '{"type":"ADDED","object":{"metadata":null}}',
  '{"type":"ADDED","object":{"metadata":{"name":"e","resourceVersion":"5","annotations":null}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"e","resourceVersion":"5","annotations":[]}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"e","resourceVersion":"5","annotations":{"hcpbench.io/sent-us":17}}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"e","resourceVersion":"5","annotations":{"hcpbench.io/sent-us":null}}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"f","resourceVersion":6}}}',
  // The annotation key, "name" and "resourceVersion" where they do not count.
  '{"type":"MODIFIED","object":{"metadata":{"resourceVersion":"7","name":"g","labels":{"hcpbench.io/sent-us":"1","name":"x","resourceVersion":"0"}},"data":{"hcpbench.io/sent-us":"2","metadata":"{}"}}}',
  '{"type":"MODIFIED","object":{"metadata":{"name":"h","ownerReferences":[{"name":"owner","resourceVersion":"1","annotations":{"hcpbench.io/sent-us":"3"}}],"resourceVersion":"8"}}}',
  '{"type":"MODIFIED","object":{"metadata":{"name":"i","resourceVersion":"9","annotations":{"a":"hcpbench.io/sent-us","b":"\\"hcpbench.io/sent-us\\":\\"4\\""}}}}',
  '{"type":"MODIFIED","object":{"metadata":{"name":"j","resourceVersion":"10","annotations":{"f:hcpbench.io/sent-us":"4","hcpbench.io/sent-us-not":"5"}}}}',
  '{"type":"MODIFIED","object":{"spec":{"metadata":{"name":"k","resourceVersion":"11"}},"metadata":{"name":"l","resourceVersion":"12"}}}',
  '{"type":"MODIFIED","object":{"metadata":{"name":"m","resourceVersion":"13"}},"metadata":{"name":"n","resourceVersion":"14"}}',
  '{"type":"MODIFIED","object":{"metadata":{"name":"o\\"p","resourceVersion":"15"}}}',
  '{"type":"MODIFIED","object":{"metadata":{"na\\u006de":"q","resourceVersion":"16"}}}',
  '{"type":"MODIFIED","object":{"metadata":{"name":"r","resourceVersion":"17","annotations":{"hcpbench.io\\/sent-us":"6"}}}}',
  // Duplicate keys: JSON.parse keeps the last.
  '{"type":"ADDED","type":"DELETED","object":{"metadata":{"name":"s","resourceVersion":"18"}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"t","resourceVersion":"19","name":"u"}}}',
  '{"type":"ADDED","object":{"metadata":{"resourceVersion":"20","name":"v","resourceVersion":"21"}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"w","resourceVersion":"22","annotations":{"hcpbench.io/sent-us":"1","hcpbench.io/sent-us":"2"}}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"x","resourceVersion":"23","annotations":{"hcpbench.io/sent-us":"1"},"annotations":{}}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"y","resourceVersion":"24"},"metadata":{"name":"z"}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"y","resourceVersion":"24"}},"object":{"metadata":{"name":"z"}}}',
  // Types that are not events.
  '{"type":"added","object":{"metadata":{"name":"a","resourceVersion":"1"}}}',
  '{"type":"ADDEDX","object":{"metadata":{"name":"a","resourceVersion":"1"}}}',
  '{"type":"","object":{"metadata":{"name":"a","resourceVersion":"1"}}}',
  '{"type":null,"object":{"metadata":{"name":"a","resourceVersion":"1"}}}',
  '{"object":{"metadata":{"name":"a","resourceVersion":"1"}}}',
  "{}",
  "[]",
  "42",
  '"ADDED"',
  // Whitespace, controls and grammar errors.
  '{"type": "ADDED", "object": {"metadata": {"name": "sp", "resourceVersion": "1"}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"cr","resourceVersion":"1"}}}\r',
  '\t{"type":"ADDED","object":{"metadata":{"name":"tab","resourceVersion":"1"}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"ctl","resourceVersion":"1"},"data":{"x":"a\tb"}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"ctl\u0001","resourceVersion":"1"}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"g1","resourceVersion":"1"},"data":{"x":"y",}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"g2","resourceVersion":"1"},"n":01}}',
  '{"type":"ADDED","object":{"metadata":{"name":"g3","resourceVersion":"1"},"n":1.}}',
  '{"type":"ADDED","object":{"metadata":{"name":"g4","resourceVersion":"1"},"n":-}}',
  '{"type":"ADDED","object":{"metadata":{"name":"g5","resourceVersion":"1"},"n":[1,]}}',
  '{"type":"ADDED","object":{"metadata":{"name":"g6","resourceVersion":"1"},"n":[,1]}}',
  '{"type":"ADDED","object":{"metadata":{"name":"g7","resourceVersion":"1"},"n":tru}}',
  '{"type":"ADDED","object":{"metadata":{"name":"g8","resourceVersion":"1"},"n":{"a" "b"}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"g9","resourceVersion":"1"},"n":"\\x"}}',
  '{"type":"ADDED","object":{"metadata":{"name":"ok","resourceVersion":"1"},"n":[-0.5e+3,true,false,null,{},[],"",{"a":[1,{"b":null}]}]}}',
  '{"type":"ADDED","object":{"metadata":{"name":"ok","resourceVersion":"1"}}}}',
  '{"type":"ADDED","object":{"metadata":{"name":"ok","resourceVersion":"1"}}}x',
  '{"type":"ADDED","object":{"metadata":{"name":"ok","resourceVersion":"1"}}',
  '{"type":"ADDED","object":{"metadata":{"name":"ok","resourceVersion":"1"}}} {}',
  // Deep nesting.
  `{"type":"ADDED","object":{"metadata":{"name":"deep","resourceVersion":"1"},"data":${"[".repeat(40)}${"]".repeat(40)}}}`,
  `{"type":"ADDED","object":{"metadata":{"name":"deep","resourceVersion":"1","labels":${'{"a":'.repeat(5)}1${"}".repeat(5)}}}}`,
  "not json at all",
  '{"type":"ADDED","object":{"metadata":{"name":{"toString":1},"resourceVersion":[1]}}}',
];

// ---------------------------------------------------------------- tests

describe("watch line decoding", () => {
  const replay = replayLines(50, "load-test", payloadOfSize(128));

  it("takes the firehose's lines (the bench's workload) on the fast path, with JSON.parse's values", () => {
    for (const line of replay) expect(checkAgreement(line), line).toBe(true);
    expect(expectSameAsReference(replay)).toBe("compared");
  });

  it("takes lines shaped like a real API server's (managedFields, ownerReferences, several annotations) on the fast path when they hold no escape", () => {
    for (const line of realShaped) {
      const taken = checkAgreement(line);
      if (!line.includes("\\")) expect(taken, line).toBe(true);
      else expect(taken, line).toBe(false);
    }
    const d = new DecodedLine();
    decodeWatchLine(realShaped[0], d);
    expect(fields(d)).toMatchObject({ kind: LineKind.Event, type: WatchEventType.Added, name: "load-000042", revision: "8812345", stampUs: 1767225600123456 });
    decodeWatchLine(realShaped[13], d); // an escaped name, through the full parse
    expect(d.name).toBe("load-00001<");
    expect(expectSameAsReference(realShaped)).toBe("compared");
  });

  it("sends bookmarks and errors to the full parse, and reports them as the driver always has", () => {
    for (const line of bookmarksAndErrors) expect(checkAgreement(line)).toBe(false);
    for (const line of bookmarksAndErrors) expectSameAsReference([line]);
    expect(sinkCalls(bookmarksAndErrors.slice(0, 3))).toEqual([
      ["bookmark", "8812400"],
      ["bookmark", "12"],
      ["bookmark", ""],
    ]);
    expect(sinkCalls([bookmarksAndErrors[3]])).toEqual([["end", { reason: "expired", message: "410 Expired: too old resource version: 1 (2)" }]]);
  });

  it("decodes every adversarial line exactly as JSON.parse does, by the scan or the fallback", () => {
    for (const line of adversarial) {
      checkAgreement(line);
      expectSameAsReference([line]);
    }
  });

  it("never mistakes the send-time key inside data, labels, managedFields or another annotation's value for the annotation", () => {
    const d = new DecodedLine();
    decodeWatchLine(adversarial[16], d);
    expect(d.stampUs).toBeNaN();
    decodeWatchLine(adversarial[18], d);
    expect(d.stampUs).toBeNaN();
    decodeWatchLine(adversarial[19], d);
    expect(d.stampUs).toBeNaN();
    decodeWatchLine(realApiServerLine("ADDED"), d); // f:hcpbench.io/sent-us in managedFields, the key in data and in another annotation's value
    expect(d.stampUs).toBeNaN();
    expect(d.name).toBe("load-000042"); // not a label's or an ownerReference's "name"
  });

  it("reports a line that is not JSON (or is null) as malformed and ignores what follows", () => {
    const good = replay[0];
    expect(sinkCalls(["{oops", good])).toEqual([["end", { reason: "error", message: "malformed watch line: {oops" }]]);
    expect(sinkCalls(["null", good])).toEqual([["end", { reason: "error", message: "malformed watch line: null" }]]);
    // Types named after Object.prototype's members are not events (the old lookup took them for one).
    expect(sinkCalls(['{"type":"constructor","object":{"metadata":{"name":"a"}}}', '{"type":"toString"}'])).toEqual([]);
  });

  it("declines or agrees on every truncation of every corpus line", () => {
    for (const line of [replay[0], replay[3], realShaped[0], realShaped[2], bookmarksAndErrors[0], bookmarksAndErrors[3]]) {
      for (let n = 0; n < line.length; n++) {
        const cut = line.slice(0, n);
        expect(checkAgreement(cut), cut).toBe(false); // no proper prefix of a line is JSON
        expectSameAsReference([cut]);
      }
    }
  });

  it("declines or agrees on thousands of mutated lines (random edits and planted members)", () => {
    const random = mulberry32(20260101);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const bases = [replay[0], replay[1], replay[3], realShaped[0], realShaped[2], realShaped[12], ...adversarial.slice(0, 30)];
    const chars = ['"', "{", "}", "[", "]", ":", ",", "\\", " ", "\t", "\u0001", "0", "1", "-", ".", "e", "a", "n", "é"];
    const planted = [
      '"name":"evil",',
      '"resourceVersion":"666",',
      '"annotations":{"hcpbench.io/sent-us":"5"},',
      '"hcpbench.io/sent-us":"7",',
      '"metadata":{"name":"other","resourceVersion":"1"},',
      '"type":"DELETED",',
      '"object":{},',
      '"name":7,',
      '"managedFields":[{"fieldsV1":{"f:x":{}}}],',
      '"x":[1,{"name":"n"}],',
    ];
    let taken = 0;
    let mutants = 0;
    for (let k = 0; k < 6000; k++) {
      let line = pick(bases);
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (line.length + 1));
        const op = random();
        if (op < 0.25) line = line.slice(0, at) + line.slice(at + 1);
        else if (op < 0.5) line = line.slice(0, at) + pick(chars) + line.slice(at);
        else if (op < 0.7) line = line.slice(0, at) + pick(chars) + line.slice(at + 1);
        else {
          // A whole member right after a "{" or ",": valid JSON more often than not, with keys in places a scan must not trust.
          const opens = [...line.matchAll(/[{,]/g)].map((m) => m.index!);
          if (opens.length === 0) continue;
          const p = pick(opens) + 1;
          line = line.slice(0, p) + pick(planted) + line.slice(p);
          if (random() < 0.5) line = line.replace(/,\}/g, "}");
        }
      }
      mutants++;
      if (checkAgreement(line)) taken++;
      expectSameAsReference([line]);
    }
    // Enough of the mutants stay on the fast path for the agreement to mean something.
    expect(taken).toBeGreaterThan(mutants / 20);
  });

  it("fails fast on pathological lines and copes with huge ones", () => {
    const members = Array.from({ length: 20_000 }, (_, i) => `"k${i}":"v"`).join(",");
    const failing = `{"type":"ADDED","object":{"metadata":{"name":"p","resourceVersion":"1",${members},"annotations":{"hcpbench.io/sent-us":"1"},"annotations":{}}}}`;
    const t0 = Date.now();
    expect(scanWatchLine(failing, new DecodedLine())).toBe(false);
    expect(scanWatchLine(failing.slice(0, -1), new DecodedLine())).toBe(false);
    expect(Date.now() - t0).toBeLessThan(2000);
    const huge = `{"type":"ADDED","object":{"metadata":{"resourceVersion":"1","name":"big","annotations":{"hcpbench.io/sent-us":"3"}},"data":{"payload":"${"x".repeat(4 << 20)}"}}}`;
    expect(checkAgreement(huge)).toBe(true);
    const wide = `{"type":"ADDED","object":{"metadata":{"resourceVersion":"1","name":"wide"},"data":{${Array.from({ length: 200_000 }, (_, i) => `"k${i}":"v"`).join(",")}}}}`;
    checkAgreement(wide); // taken or declined (a backtracking stack limit), never wrong or thrown
    const deep = `{"type":"ADDED","object":{"metadata":{"resourceVersion":"1","name":"deep"},"data":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`;
    expect(checkAgreement(deep)).toBe(false);
  });

  it("keeps the expression small enough to compile to native code", () => {
    expect(eventLineSource.length).toBeLessThan(20_000);
  });
});

describe("the test API server's own watch output", () => {
  let api: K8sApiServer;
  beforeAll(async () => {
    api = await K8sApiServer.start({ store: new MemoryKvStore(), bookmarkIntervalMs: 50 });
  });
  afterAll(async () => {
    await api.stop();
  });

  const request = (method: string, path: string, body?: string) =>
    fetch(`${api.url}${path}`, { method, headers: { "content-type": "application/json" }, body }).then(async (r) => ({ status: r.status, text: await r.text() }));

  /** Raw watch lines, cut by the LineSplitter as the driver cuts them, until the stream ends or `until` holds. */
  function watchLines(path: string, until: (lines: string[]) => boolean): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const lines: string[] = [];
      const req = http.get(`${api.url}${path}`, (res) => {
        const splitter = new LineSplitter((l) => {
          lines.push(l);
          if (until(lines)) {
            req.destroy();
            resolve(lines);
          }
        });
        res.on("data", (chunk: Buffer) => splitter.push(chunk));
        res.on("end", () => resolve(lines));
        res.on("error", () => resolve(lines));
      });
      req.on("error", (err) => (req.destroyed ? resolve(lines) : reject(err)));
    });
  }

  it("is decoded as JSON.parse decodes it: events on the fast path, bookmarks and the 410 ERROR through the fallback", async () => {
    expect((await request("POST", "/api/v1/namespaces", JSON.stringify({ metadata: { name: "load-test" } }))).status).toBe(201);
    const start = (JSON.parse((await request("GET", "/api/v1/namespaces/load-test/configmaps?limit=1")).text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const objects = 5;
    const expectedEvents = objects * 4;
    // Until every event has come and a bookmark after them.
    const done = (ls: string[]) => ls[ls.length - 1].includes('"BOOKMARK"') && ls.filter((l) => !l.includes('"BOOKMARK"')).length >= expectedEvents;
    const lines = watchLines(`/api/v1/namespaces/load-test/configmaps?watch=1&allowWatchBookmarks=true&labelSelector=hcpbench.io%2Fload&resourceVersion=${start}`, done);
    const payload = payloadOfSize(64);
    for (let i = 0; i < objects; i++) {
      const base = "/api/v1/namespaces/load-test/configmaps";
      expect((await request("POST", base, configMapJson("load-test", i, "create", 1_000_000 + i, payload))).status).toBe(201);
      expect((await request("PUT", `${base}/load-00000${i}`, configMapJson("load-test", i, "update1", 2_000_000 + i, payload))).status).toBe(200);
      expect((await request("PUT", `${base}/load-00000${i}`, configMapJson("load-test", i, "update2", 3_000_000 + i, payload))).status).toBe(200);
      expect((await request("DELETE", `${base}/load-00000${i}`)).status).toBe(200);
    }
    const got = await lines;
    const events = got.filter((l) => !l.includes('"BOOKMARK"'));
    expect(events).toHaveLength(expectedEvents);
    for (const line of events) expect(checkAgreement(line), line).toBe(true);
    const bookmarks = got.filter((l) => l.includes('"BOOKMARK"'));
    expect(bookmarks.length).toBeGreaterThan(0);
    for (const line of bookmarks) expect(checkAgreement(line)).toBe(false);
    const calls = sinkCalls(got);
    expect(expectSameAsReference(got)).toBe("compared");
    const eventCalls = calls.filter((c) => c[0] === "event");
    expect(eventCalls.map((c) => [c[1], c[2], c[3]])).toEqual(
      Array.from({ length: objects }, (_, i) => [
        [WatchEventType.Added, `load-00000${i}`, 1_000_000 + i],
        [WatchEventType.Modified, `load-00000${i}`, 2_000_000 + i],
        [WatchEventType.Modified, `load-00000${i}`, 3_000_000 + i],
        [WatchEventType.Deleted, `load-00000${i}`, 3_000_000 + i], // a delete carries the object as last stored
      ]).flat(),
    );

    await api.compactAndEndWatches();
    const expired = await watchLines(`/api/v1/namespaces/load-test/configmaps?watch=1&resourceVersion=${start}`, () => false);
    expect(expired).toHaveLength(1);
    expect(checkAgreement(expired[0])).toBe(false);
    expect(expectSameAsReference(expired)).toBe("compared");
    expect(sinkCalls(expired)[0]).toMatchObject(["end", { reason: "expired" }]);
  });
});
