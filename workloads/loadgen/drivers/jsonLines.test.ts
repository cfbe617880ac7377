import { describe, expect, it } from "vitest";
import { LineSplitter } from "./jsonLines";

describe("LineSplitter", () => {
  it("yields the same lines however the stream is cut, multi-byte characters included", () => {
    const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ type: "ADDED", object: { metadata: { name: `load-${i}`, annotations: { note: "größe ✓ ".repeat(i % 7) } } } }));
    const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(""));
    for (const seed of [1, 7, 13, 101]) {
      const got: string[] = [];
      const splitter = new LineSplitter((l) => got.push(l));
      let pos = 0;
      let step = seed;
      while (pos < bytes.length) {
        step = (step * 31 + 17) % 97; // cut points that land inside lines and inside characters
        const end = Math.min(bytes.length, pos + 1 + step);
        splitter.push(bytes.subarray(pos, end));
        pos = end;
      }
      expect(got).toEqual(lines);
      expect(splitter.pending).toBe(0);
    }
  });

  it("joins a line spread over many chunks, skips empty lines, and keeps carriage returns", () => {
    const long = JSON.stringify({ type: "ADDED", object: { data: { payload: "é".repeat(5000) } } });
    const bytes = Buffer.from(`\n\n${long}\n\nshort\r\n${long}\n`);
    for (const size of [1, 3, 4096]) {
      const got: string[] = [];
      const s = new LineSplitter((l) => got.push(l));
      for (let i = 0; i < bytes.length; i += size) s.push(bytes.subarray(i, i + size));
      expect(got).toEqual([long, "short\r", long]);
      expect(s.pending).toBe(0);
    }
  });

  it("holds back an incomplete last line", () => {
    const got: string[] = [];
    const s = new LineSplitter((l) => got.push(l));
    s.push(Buffer.from('{"a":1}\n{"b":'));
    expect(got).toEqual(['{"a":1}']);
    expect(s.pending).toBe(5); // {"b":
  });
});
