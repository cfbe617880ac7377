import { StringDecoder } from "node:string_decoder";

/**
 * Splits a byte stream into lines and hands each complete line on as text.
 * Watch streams (Kubernetes and etcd's gateway) send one JSON document per
 * line; a chunk can end mid-line, even mid-character, or hold hundreds of
 * lines. Each chunk is decoded once (one native call rather than one per
 * line), then cut on "\n".
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private rest = "";

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    const text = this.rest.length > 0 ? this.rest + this.decoder.write(chunk) : this.decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
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
