import { StringDecoder } from "node:string_decoder";

/**
 * Splits a byte stream into lines and hands each complete line on as text.
 * Watch streams (Kubernetes and etcd's gateway) send one JSON document per
 * line; a chunk can end mid-line, even mid-character, or hold hundreds of
 * lines. Each chunk is decoded once (one native call rather than one per
 * line), then cut on "\n". A line left over from the previous chunk is joined
 * to the first line only: the chunk itself is never copied.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private rest = "";

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    let nl = text.indexOf("\n");
    if (nl === -1) {
      this.rest += text;
      return;
    }
    // Only the first line can have begun in an earlier chunk; the others are slices of this chunk's text (no copy of the chunk).
    const first = this.rest.length > 0 ? this.rest + text.slice(0, nl) : text.slice(0, nl);
    if (first.length > 0) this.onLine(first);
    let start = nl + 1;
    for (nl = text.indexOf("\n", start); nl !== -1; nl = text.indexOf("\n", start)) {
      if (nl > start) this.onLine(text.slice(start, nl));
      start = nl + 1;
    }
    this.rest = start < text.length ? text.slice(start) : "";
  }

  /** Characters of an incomplete last line (a stream that ends with one was cut). */
  get pending(): number {
    return this.rest.length;
  }
}
