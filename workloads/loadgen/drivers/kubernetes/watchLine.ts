import { oneLine } from "../../measure/errorClass";
import { sentAnnotation, stampOf } from "../loadObject";
import { WatchEventType, type WatchEnd, type WatchHandler } from "../storeDriver";

/**
 * Decoding one line of a Kubernetes watch stream ({"type":...,"object":...}).
 *
 * The load generator needs four things from an event: its type,
 * metadata.name, metadata.resourceVersion and the send-time annotation.
 * JSON.parse builds the whole object (labels, payload, managedFields on a
 * real API server) just for those to be read, and it was most of the
 * client's CPU per event. scanWatchLine matches the line against one regular
 * expression instead: a JSON grammar for the shape API servers send, which
 * validates the whole line as it goes and captures just the four fields.
 *
 * It is exact or it declines. Every key and value is matched structurally
 * (the annotation key inside managedFields or data, or an ownerReference's
 * "name", is only ever a skipped value), and everything it accepts is JSON
 * that JSON.parse accepts with the same four values. It declines (returns
 * false) whatever it is not certain of, and decodeWatchLine then takes the
 * full JSON.parse path (parseWatchLine), which decides and reports as the
 * driver always has: BOOKMARK, ERROR and other types, whitespace between
 * tokens, any backslash or control character, a metadata order other than the
 * two API servers use, a duplicate of a key that matters, a field of another
 * JSON type, nesting deeper than the grammar's, and any line JSON.parse
 * would reject.
 */

export enum LineKind {
  /** ADDED, MODIFIED or DELETED: type, name, revision, stampUs are set. */
  Event = 0,
  /** BOOKMARK: revision is set. */
  Bookmark = 1,
  /** The stream is over (ERROR line, or a line that is not JSON): end is set. */
  End = 2,
  /** Anything else (an unknown type): skipped, as a Kubernetes client does. */
  Ignored = 3,
}

/** One decoded line; the driver reuses one instance for every line of a stream. */
export class DecodedLine {
  kind: LineKind = LineKind.Ignored;
  type: WatchEventType = WatchEventType.Added;
  name = "";
  revision = "";
  stampUs = NaN;
  end: WatchEnd | undefined = undefined;
}

interface WatchLineJson {
  type?: unknown;
  object?: { metadata?: { name?: unknown; resourceVersion?: unknown; annotations?: Record<string, string> }; code?: number; reason?: string; message?: string } | null;
}

/** The full decode: JSON.parse of the line. Handles every line, including the ones scanWatchLine declines. */
export function parseWatchLine(line: string, out: DecodedLine): void {
  let ev: WatchLineJson | null;
  try {
    ev = JSON.parse(line) as WatchLineJson | null;
  } catch {
    ev = null;
  }
  if (ev === null) {
    // Not JSON, or the JSON null (which the driver used to trip over).
    out.kind = LineKind.End;
    out.end = { reason: "error", message: `malformed watch line: ${oneLine(line).slice(0, 120)}` };
    return;
  }
  const obj = ev.object ?? undefined;
  const meta = obj?.metadata ?? undefined;
  const type = ev.type === "ADDED" ? WatchEventType.Added : ev.type === "MODIFIED" ? WatchEventType.Modified : ev.type === "DELETED" ? WatchEventType.Deleted : undefined;
  if (type !== undefined) {
    out.kind = LineKind.Event;
    out.type = type;
    out.name = text(meta?.name);
    out.revision = text(meta?.resourceVersion);
    out.stampUs = stampOf(obj);
  } else if (ev.type === "BOOKMARK") {
    out.kind = LineKind.Bookmark;
    out.revision = text(meta?.resourceVersion);
  } else if (ev.type === "ERROR") {
    const s = ev.object ?? {};
    const message = oneLine(`${s.code ?? ""} ${s.reason ?? ""}: ${s.message ?? ""}`);
    out.kind = LineKind.End;
    out.end = s.code === 410 || s.reason === "Expired" || s.reason === "Gone" ? { reason: "expired", message } : { reason: "error", message };
  } else {
    out.kind = LineKind.Ignored;
  }
}

/**
 * A field as text: a string as it is, absent or null as "". Anything else (no
 * API server sends it) as its JSON text, where the driver used to hand the raw
 * value on to a handler that expects a string.
 */
export function text(v: unknown): string {
  return typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v);
}

/** Decodes a line: the scan when it is certain, JSON.parse otherwise. */
export function decodeWatchLine(line: string, out: DecodedLine): void {
  if (!scanWatchLine(line, out)) parseWatchLine(line, out);
}

/**
 * One watch stream's lines, decoded and handed to the handler: events and
 * bookmarks; an ERROR line or a line that is not JSON ends the stream
 * (onEnd, once; later lines are ignored). receivedUs is set by the driver as
 * each network chunk arrives.
 */
export class WatchLineSink {
  receivedUs = 0;
  private ended = false;
  private readonly ev = new DecodedLine();

  constructor(private readonly handler: WatchHandler, private readonly onEnd: (end: WatchEnd) => void) {}

  line(line: string): void {
    if (this.ended) return;
    const ev = this.ev;
    decodeWatchLine(line, ev);
    if (ev.kind === LineKind.Event) this.handler.event(ev.type, ev.name, ev.stampUs, ev.revision, this.receivedUs);
    else if (ev.kind === LineKind.Bookmark) this.handler.bookmark(ev.revision);
    else if (ev.kind === LineKind.End) {
      this.ended = true;
      this.onEnd(ev.end!);
    }
  }
}

// ---------------------------------------------------------------- the scan

/*
 * The grammar, as regular-expression source. No whitespace between tokens,
 * strings without escapes or control characters (so a string's text is the
 * value JSON.parse gives it), numbers and literals as JSON defines them.
 * Objects and arrays nest to a fixed depth (a regular expression cannot
 * count); deeper values make the match fail, and the line takes the full parse.
 */
const str = String.raw`"[^"\\\x00-\x1f]*"`;
const captured = String.raw`"([^"\\\x00-\x1f]*)"`;
const num = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`;

/** Any JSON value nesting at most `depth` objects or arrays. Members end in "," before a key, or before the closing bracket. */
function value(depth: number): string {
  const scalar = `${str}|${num}|true|false|null`;
  if (depth === 0) return `(?:${scalar})`;
  const inner = value(depth - 1);
  return `(?:${scalar}|\\{(?:${str}:${inner}(?:,(?=")|(?=\\})))*\\}|\\[(?:${inner}(?:,(?=[^\\]])|(?=\\])))*\\])`;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const sentKey = escapeRe(sentAnnotation);

/** A fieldsV1 tree (managedFields): objects of objects, `{}` at the leaves, up to `depth` deep. One copy per level, so it can go deep cheaply. */
function fieldSet(depth: number): string {
  return depth === 0 ? "\\{\\}" : `\\{(?:${str}:${fieldSet(depth - 1)}(?:,(?=")|(?=\\})))*\\}`;
}
const managedFieldsEntry = `\\{(?:(?:"fieldsV1":${fieldSet(12)}|(?!"fieldsV1")${str}:${value(1)})(?:,(?=")|(?=\\})))*\\}`;
const managedFields = `"managedFields":\\[(?:${managedFieldsEntry}(?:,(?=\\{)|(?=\\])))*\\]`;

/** Metadata members other than the three that matter: managedFields, or anything nesting at most 2 deep (labels, ownerReferences, finalizers). */
const metaOther = `(?:${managedFields}|(?!"(?:name|resourceVersion|annotations|managedFields)")${str}:${value(2)})`;
/** Annotations other than the send time; annotation values are strings (the API server validates that). */
const annotationOther = `(?!"${sentKey}")${str}:${str}`;
/** The object's members other than metadata (kind, apiVersion, data, binaryData, immutable). */
const objectOther = `(?!"metadata")${str}:${value(3)}`;

/** Annotations: with the send time (group 5) or without. */
const annotations = `\\{(?:(?:${annotationOther},)*"${sentKey}":${captured}(?:,${annotationOther})*|(?:${annotationOther}(?:,(?=")|(?=\\})))*)\\}`;

/**
 * Metadata in the two orders API servers send: resourceVersion then name
 * (the project's test API server and firehose) with groups 1 and 2, or name
 * first, as a real API server serialises ObjectMeta (name, generateName,
 * namespace, selfLink, uid, resourceVersion, ...), with groups 3 and 4; then
 * the other members, annotations once among them. A second name,
 * resourceVersion or annotations fails the match. Written so that no two
 * loops can match the same text: a failing line fails in linear time.
 */
const metadata =
  `\\{(?:"resourceVersion":${captured},"name":${captured}|"name":${captured}(?:,${metaOther})*,"resourceVersion":${captured})` +
  `(?:,${metaOther})*(?:,"annotations":${annotations}(?:,${metaOther})*)?\\}`;

/** The whole line. */
const eventLine = new RegExp(`^\\{"type":"(?:ADDED|MODIFIED|DELETED)","object":\\{(?:${objectOther},)*"metadata":${metadata}(?:,${objectOther})*\\}\\}$`);

/**
 * The fast decode of an ADDED, MODIFIED or DELETED line; false (out
 * untouched) for anything it is not certain of, for parseWatchLine to decode.
 */
export function scanWatchLine(line: string, out: DecodedLine): boolean {
  let m: RegExpExecArray | null;
  try {
    m = eventLine.exec(line);
  } catch {
    return false; // the engine's backtracking stack overflowed (a huge line): JSON.parse copes
  }
  if (m === null) return false;
  // The expression admits only ADDED, MODIFIED and DELETED at offset 9: the first letter tells them apart.
  const t = line.charCodeAt(9);
  out.kind = LineKind.Event;
  out.type = t === 65 ? WatchEventType.Added : t === 77 ? WatchEventType.Modified : WatchEventType.Deleted;
  out.revision = m[1] ?? m[4];
  out.name = m[2] ?? m[3];
  const stamp = m[5];
  out.stampUs = stamp === undefined ? NaN : stampNumber(stamp);
  return true;
}

/** Number(text), without the general conversion when the text is 1 to 15 digits (exact in a double). */
function stampNumber(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15) return Number(text);
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number(text);
    v = v * 10 + d;
  }
  return v;
}

/** The expression's source, for tests that check its size. */
export const eventLineSource = eventLine.source;
