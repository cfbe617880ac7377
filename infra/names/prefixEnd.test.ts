import { describe, expect, it } from "vitest";
import { prefixEnd } from "./prefixEnd";

// Expectations worked by hand from etcd's rule (clientv3 GetPrefixRangeEnd): raise the last byte
// that is below 0xff and drop what follows; no such byte means [0x00], "every key from here on".
describe("prefixEnd", () => {
  it("raises the last byte of an ASCII prefix: '/' (0x2f) becomes '0' (0x30)", () => {
    expect(prefixEnd("/registry/configmaps/load-test/").toString("latin1")).toBe("/registry/configmaps/load-test0");
  });

  it("works on UTF-8 bytes, not UTF-16 code units", () => {
    // "ÿ" is U+00FF, C3 BF in UTF-8: the byte rule gives C3 C0; raising the code unit would give U+0100 (C4 80).
    expect([...prefixEnd("ÿ")]).toEqual([0xc3, 0xc0]);
    // "😀" is F0 9F 98 80 in UTF-8.
    expect([...prefixEnd("a😀")]).toEqual([0x61, 0xf0, 0x9f, 0x98, 0x81]);
  });

  it("skips trailing 0xff bytes and cuts them off", () => {
    expect([...prefixEnd(Uint8Array.from([0x61, 0xff, 0xff]))]).toEqual([0x62]);
    expect([...prefixEnd(Uint8Array.from([0x61, 0xfe, 0xff]))]).toEqual([0x61, 0xff]);
  });

  it("is the zero byte when no byte can be raised", () => {
    expect([...prefixEnd(Uint8Array.from([0xff, 0xff]))]).toEqual([0]);
    expect([...prefixEnd("")]).toEqual([0]);
  });

  it("does not change the caller's bytes", () => {
    const prefix = Uint8Array.from([0x61, 0x62]);
    prefixEnd(prefix);
    expect([...prefix]).toEqual([0x61, 0x62]);
  });
});
