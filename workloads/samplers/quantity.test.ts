import { describe, expect, it } from "vitest";
import { cpuMillicores, memoryMiB, parseQuantity } from "./quantity";

describe("Kubernetes quantities", () => {
  it("reads CPU as metrics-server reports it (nanocores) and as people write it", () => {
    expect(cpuMillicores("123456789n")).toBeCloseTo(123.456789, 6);
    expect(cpuMillicores("2500u")).toBeCloseTo(2.5, 9);
    expect(cpuMillicores("250m")).toBeCloseTo(250, 9);
    expect(cpuMillicores("2")).toBe(2000);
    expect(cpuMillicores("0.5")).toBe(500);
    expect(cpuMillicores("0")).toBe(0);
  });

  it("reads memory in binary and decimal units", () => {
    expect(memoryMiB("524288Ki")).toBe(512);
    expect(memoryMiB("768Mi")).toBe(768);
    expect(memoryMiB("1.5Gi")).toBe(1536);
    expect(memoryMiB("1048576")).toBe(1);
    expect(memoryMiB("1M")).toBeCloseTo(1e6 / 2 ** 20, 9);
    expect(memoryMiB("1e6")).toBeCloseTo(1e6 / 2 ** 20, 9);
    expect(parseQuantity("1E3")).toBe(1000);
  });

  it("refuses what is not a quantity instead of reading it as zero", () => {
    for (const bad of ["", "abc", "12Qi", "1.2.3", "Mi", "5 Mi"]) {
      expect(() => parseQuantity(bad), bad).toThrow(/not a Kubernetes quantity/);
    }
  });
});
