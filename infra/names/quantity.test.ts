import { describe, expect, it } from "vitest";
import { cpuMillicores, memoryMiB, parseQuantity, quantityOrUndefined } from "./quantity";

/**
 * Cases from the quantity grammar in k8s.io/apimachinery pkg/api/resource
 * (quantity.go's grammar comment and the accepted / refused inputs listed in
 * quantity_test.go's TestQuantityParse), with values worked by hand: a
 * binary suffix is a power of 1024, a decimal one a power of 1000, an
 * exponent a power of ten.
 */
const accepted: readonly (readonly [string, number])[] = [
  ["0", 0],
  ["0n", 0],
  ["0Ki", 0],
  ["1", 1],
  ["1Ki", 1024],
  ["8Ki", 8192],
  ["7Mi", 7 * 1024 * 1024],
  ["6Gi", 6 * 1024 ** 3],
  ["5Ti", 5 * 1024 ** 4],
  ["4Pi", 4 * 1024 ** 5],
  ["3Ei", 3 * 1024 ** 6],
  ["5n", 5e-9],
  ["4u", 4e-6],
  ["3m", 0.003],
  ["8k", 8000],
  ["50k", 50_000],
  ["7M", 7e6],
  ["6G", 6e9],
  ["5T", 5e12],
  ["2P", 2e15],
  // A bare "E" is exa, not an exponent.
  ["1E", 1e18],
  ["12E", 12e18],
  ["1E-3", 0.001],
  ["1e3", 1000],
  ["1E6", 1e6],
  ["1.3E+6", 1.3e6],
  ["0.5e-2", 0.005],
  ["100.035k", 100_035],
  ["0.0005k", 0.5],
  ["10.035M", 10_035_000],
  ["1.01E", 1.01e18],
  ["100.035Ki", 102_435.84],
  ["0.5Mi", 524_288],
  // Written by trolls, still accepted: no digits after or before the point.
  [".001", 0.001],
  [".0001k", 0.1],
  ["1.", 1],
  ["1.G", 1e9],
  // Signs.
  ["-1.025Ti", -1.025 * 1024 ** 4],
  ["+3m", 0.003],
];

const refused = [
  // quantity_test.go's invalid list.
  "1.1.M",
  "1+1.0M",
  "0.1mi",
  "0.1am",
  "aoeu",
  ".5i",
  "1i",
  "-3.01i",
  "-3.01e-",
  " 1",
  "1 ",
  // Not in the grammar: upper-case kilo, lower-case binary, spaced units, no number, empty.
  "1K",
  "1ki",
  "5 Mi",
  "Mi",
  "",
  "1e",
  "1.5e3.2",
];

describe("Kubernetes quantities (apimachinery grammar)", () => {
  it.each(accepted)("accepts %s as %d", (text, value) => {
    // Equal up to float rounding, relative to the value's size.
    expect(Math.abs(parseQuantity(text) - value)).toBeLessThanOrEqual(Math.abs(value) * 1e-12);
  });

  it.each(refused)("refuses %j", (text) => {
    expect(() => parseQuantity(text)).toThrow(`not a Kubernetes quantity: "${text}"`);
    expect(quantityOrUndefined(text)).toBeUndefined();
  });

  it("reads CPU as metrics-server reports it (nanocores) and as people write it, in millicores", () => {
    expect(cpuMillicores("123456789n")).toBeCloseTo(123.456789, 6);
    expect(cpuMillicores("2500u")).toBeCloseTo(2.5, 9);
    expect(cpuMillicores("250m")).toBeCloseTo(250, 9);
    expect(cpuMillicores("2")).toBe(2000);
    expect(cpuMillicores("0.5")).toBe(500);
  });

  it("reads memory in binary and decimal units, in MiB", () => {
    expect(memoryMiB("524288Ki")).toBe(512);
    expect(memoryMiB("768Mi")).toBe(768);
    expect(memoryMiB("1.5Gi")).toBe(1536);
    expect(memoryMiB("1048576")).toBe(1);
    expect(memoryMiB("1M")).toBeCloseTo(1e6 / 2 ** 20, 9);
    expect(memoryMiB("1k")).toBeCloseTo(1000 / 2 ** 20, 12);
  });
});
