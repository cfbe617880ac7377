import { describe, expect, it } from "vitest";
import { prefixEnd } from "./etcdDriver";

const bytes = (latin1: string) => [...Buffer.from(latin1, "latin1")];

describe("prefixEnd", () => {
  it("is the prefix with its last byte raised by one: the first key after every key with the prefix", () => {
    expect(prefixEnd("/registry/configmaps/load-test/")).toBe("/registry/configmaps/load-test0");
    // Works on UTF-8 bytes, returned as a byte string (latin1), as etcd keys are bytes.
    expect(bytes(prefixEnd("é"))).toEqual([0xc3, 0xaa]);
  });

  it("raises the last byte, not the last character", () => {
    // "ÿ" is C3 BF in UTF-8.
    expect(bytes(prefixEnd("ÿ"))).toEqual([0xc3, 0xc0]);
    expect(prefixEnd("")).toBe("\0");
  });
});
