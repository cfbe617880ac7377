import { oneLine } from "../../measure/errorClass";
import { sentAnnotation, stampOf } from "../loadObject";
import { WatchEventType, type WatchEnd } from "../storeDriver";

/**
 * Decoding one line of a Kubernetes watch stream ({"type":...,"object":...}).
 *
 * The load generator needs four things from an event: its type,
 * metadata.name, metadata.resourceVersion and the send-time annotation.
 * JSON.parse builds the whole object (every label, the payload, managedFields
 * on a real API server) only for those to be read, and was most of the
 * client's CPU per event. scanWatchLine walks the line's JSON structure
 * instead, without building anything, and takes out only those four fields.
 * It does not trust field order or positions: it parses the object
 * structurally (the annotation key inside managedFields, data or an
 * ownerReference's "name" is just a skipped value), and it validates the whole
 * line against the JSON grammar, so a line it accepts is one JSON.parse
 * accepts, with the same values. Anything it is not certain of -- BOOKMARK,
 * ERROR, other types, an escape in a key or value it reads, a duplicate key it
 * reads, a field of an unexpected JSON type, nesting deeper than 64, any
 * grammar error -- makes it answer false, and the caller falls back to
 * parseWatchLine (full JSON.parse), which decides and reports exactly as the
 * driver always has.
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
  let ev: WatchLineJson;
  try {
    ev = JSON.parse(line) as WatchLineJson;
  } catch {
    ev = undefined as unknown as WatchLineJson;
  }
  if (ev === null || typeof ev !== "object") {
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
    out.name = typeof meta?.name === "string" ? meta.name : "";
    out.revision = typeof meta?.resourceVersion === "string" ? meta.resourceVersion : "";
    out.stampUs = stampOf(obj);
  } else if (ev.type === "BOOKMARK") {
    out.kind = LineKind.Bookmark;
    out.revision = typeof meta?.resourceVersion === "string" ? meta.resourceVersion : "";
  } else if (ev.type === "ERROR") {
    const s = ev.object ?? {};
    const message = oneLine(`${s.code ?? ""} ${s.reason ?? ""}: ${s.message ?? ""}`);
    out.kind = LineKind.End;
    out.end = s.code === 410 || s.reason === "Expired" || s.reason === "Gone" ? { reason: "expired", message } : { reason: "error", message };
  } else {
    out.kind = LineKind.Ignored;
  }
}

/** Decodes a line: the scan when it is certain, JSON.parse otherwise. */
export function decodeWatchLine(line: string, out: DecodedLine): void {
  if (!scanWatchLine(line, out)) parseWatchLine(line, out);
}

// ---------------------------------------------------------------- the scan

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const MAX_DEPTH = 64;

/** Set by str(): whether the string just scanned held an escape. */
let escaped = false;
// What the scan of the current line found: [start, end) of each string's contents, -1 when absent.
let typeStart = -1;
let typeEnd = -1;
let objectSeen = false;
let metadataSeen = false;
let nameStart = -1;
let nameEnd = -1;
let rvStart = -1;
let rvEnd = -1;
let annotationsSeen = false;
let stampStart = -1;
let stampEnd = -1;

/**
 * The fast decode of an ADDED, MODIFIED or DELETED line; false (out
 * untouched) for anything it is not certain of, for parseWatchLine to decode.
 */
export function scanWatchLine(s: string, out: DecodedLine): boolean {
  typeStart = typeEnd = nameStart = nameEnd = rvStart = rvEnd = stampStart = stampEnd = -1;
  objectSeen = metadataSeen = annotationsSeen = false;
  if (s.charCodeAt(0) !== OPEN_BRACE) return false;
  const end = topLevel(s, 0);
  if (end < 0 || ws(s, end) !== s.length || typeStart < 0) return false;
  const tl = typeEnd - typeStart;
  let type: WatchEventType;
  if (tl === 5 && s.startsWith("ADDED", typeStart)) type = WatchEventType.Added;
  else if (tl === 8 && s.startsWith("MODIFIED", typeStart)) type = WatchEventType.Modified;
  else if (tl === 7 && s.startsWith("DELETED", typeStart)) type = WatchEventType.Deleted;
  else return false;
  out.kind = LineKind.Event;
  out.type = type;
  out.name = nameStart < 0 ? "" : s.slice(nameStart, nameEnd);
  out.revision = rvStart < 0 ? "" : s.slice(rvStart, rvEnd);
  out.stampUs = stampStart < 0 ? NaN : stampNumber(s, stampStart, stampEnd);
  return true;
}

/** Number(text) of the annotation's value, without making the string when it is plain digits. */
function stampNumber(s: string, start: number, end: number): number {
  if (end - start > 0 && end - start <= 15) {
    let n = 0;
    let i = start;
    for (; i < end; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (i === end) return n;
  }
  return Number(s.slice(start, end));
}

function ws(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else return i;
  }
}

/** s[i] is '"': index after the closing quote, or -1 when the string is not valid JSON. Sets `escaped`. */
function str(s: string, i: number): number {
  escaped = false;
  for (i++; ; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      escaped = true;
      const e = s.charCodeAt(++i);
      if (e === 117) {
        // \uXXXX
        if (!(hex(s.charCodeAt(i + 1)) && hex(s.charCodeAt(i + 2)) && hex(s.charCodeAt(i + 3)) && hex(s.charCodeAt(i + 4)))) return -1;
        i += 4;
      } else if (!(e === QUOTE || e === BACKSLASH || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116)) return -1;
    } else if (!(c >= 32)) return -1; // a raw control character, or the end of the line (NaN)
  }
}

function hex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function digit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function num(s: string, i: number): number {
  if (s.charCodeAt(i) === 45) i++;
  const c = s.charCodeAt(i);
  if (c === 48) i++;
  else if (c >= 49 && c <= 57) while (digit(s.charCodeAt(++i)));
  else return -1;
  if (s.charCodeAt(i) === 46) {
    if (!digit(s.charCodeAt(++i))) return -1;
    while (digit(s.charCodeAt(++i)));
  }
  const e = s.charCodeAt(i);
  if (e === 101 || e === 69) {
    const sign = s.charCodeAt(++i);
    if (sign === 43 || sign === 45) i++;
    if (!digit(s.charCodeAt(i))) return -1;
    while (digit(s.charCodeAt(++i)));
  }
  return i;
}

/** Skips any JSON value at s[i] (no leading whitespace): the index after it, or -1. */
function value(s: string, i: number, depth: number): number {
  const c = s.charCodeAt(i);
  if (c === QUOTE) return str(s, i);
  if (c === OPEN_BRACE) return skipObject(s, i, depth + 1);
  if (c === OPEN_BRACKET) return skipArray(s, i, depth + 1);
  if (c === 116) return s.startsWith("true", i) ? i + 4 : -1;
  if (c === 102) return s.startsWith("false", i) ? i + 5 : -1;
  if (c === 110) return s.startsWith("null", i) ? i + 4 : -1;
  return num(s, i);
}

function skipArray(s: string, i: number, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  i = ws(s, i + 1);
  if (s.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
  for (;;) {
    i = value(s, i, depth);
    if (i < 0) return -1;
    i = ws(s, i);
    const c = s.charCodeAt(i);
    if (c === CLOSE_BRACKET) return i + 1;
    if (c !== COMMA) return -1;
    i = ws(s, i + 1);
  }
}

function skipObject(s: string, i: number, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  i = ws(s, i + 1);
  if (s.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (s.charCodeAt(i) !== QUOTE) return -1;
    i = str(s, i);
    if (i < 0) return -1;
    i = ws(s, i);
    if (s.charCodeAt(i) !== COLON) return -1;
    i = value(s, ws(s, i + 1), depth);
    if (i < 0) return -1;
    i = ws(s, i);
    const c = s.charCodeAt(i);
    if (c === CLOSE_BRACE) return i + 1;
    if (c !== COMMA) return -1;
    i = ws(s, i + 1);
  }
}

/**
 * The objects whose keys matter: the line, its "object", the object's
 * "metadata" and the metadata's "annotations". One walker for the four
 * levels; at each, a key that matters must appear once, unescaped, with a
 * value of the expected JSON type, or the scan gives up.
 */
const enum Level {
  Top = 0,
  Object = 1,
  Metadata = 2,
  Annotations = 3,
}

function topLevel(s: string, i: number): number {
  return walk(s, i, Level.Top);
}

function walk(s: string, i: number, level: Level): number {
  i = ws(s, i + 1);
  if (s.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (s.charCodeAt(i) !== QUOTE) return -1;
    const keyStart = i + 1;
    i = str(s, i);
    if (i < 0 || escaped) return -1; // an escaped key could spell one that matters
    const keyLen = i - 1 - keyStart;
    i = ws(s, i);
    if (s.charCodeAt(i) !== COLON) return -1;
    i = ws(s, i + 1);
    const c = s.charCodeAt(i);
    // 0: skip the value; 1..4: a string that matters; 5: an object to walk one level down.
    let field = 0;
    if (level === Level.Top) {
      if (keyLen === 4 && s.startsWith("type", keyStart)) field = 1;
      else if (keyLen === 6 && s.startsWith("object", keyStart)) {
        if (objectSeen || c !== OPEN_BRACE) return -1;
        objectSeen = true;
        field = 5;
      }
    } else if (level === Level.Object) {
      if (keyLen === 8 && s.startsWith("metadata", keyStart)) {
        if (metadataSeen || c !== OPEN_BRACE) return -1;
        metadataSeen = true;
        field = 5;
      }
    } else if (level === Level.Metadata) {
      if (keyLen === 4 && s.startsWith("name", keyStart)) field = 2;
      else if (keyLen === 15 && s.startsWith("resourceVersion", keyStart)) field = 3;
      else if (keyLen === 11 && s.startsWith("annotations", keyStart)) {
        if (annotationsSeen || c !== OPEN_BRACE) return -1;
        annotationsSeen = true;
        field = 5;
      }
    } else if (keyLen === sentAnnotation.length && s.startsWith(sentAnnotation, keyStart)) field = 4;

    if (field === 0) {
      i = value(s, i, level + 1);
      if (i < 0) return -1;
    } else if (field === 5) {
      i = walk(s, i, level + 1);
      if (i < 0) return -1;
    } else {
      if (c !== QUOTE) return -1;
      const start = i + 1;
      i = str(s, i);
      if (i < 0 || escaped) return -1;
      const end = i - 1;
      if (field === 1) {
        if (typeStart >= 0) return -1;
        typeStart = start;
        typeEnd = end;
      } else if (field === 2) {
        if (nameStart >= 0) return -1;
        nameStart = start;
        nameEnd = end;
      } else if (field === 3) {
        if (rvStart >= 0) return -1;
        rvStart = start;
        rvEnd = end;
      } else {
        if (stampStart >= 0) return -1;
        stampStart = start;
        stampEnd = end;
      }
    }
    i = ws(s, i);
    const d = s.charCodeAt(i);
    if (d === CLOSE_BRACE) return i + 1;
    if (d !== COMMA) return -1;
    i = ws(s, i + 1);
  }
}
