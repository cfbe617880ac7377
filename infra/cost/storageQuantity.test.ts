import { describe, expect, it } from "vitest";
import { storageGiB } from "./storageQuantity";

describe("storageGiB", () => {
  it("reads binary and decimal Kubernetes quantities, rounding up to whole GiB", () => {
    expect(storageGiB("100Gi")).toBe(100);
    expect(storageGiB("1Ti")).toBe(1024);
    expect(storageGiB("512Mi")).toBe(1);
    expect(storageGiB("1.5Gi")).toBe(2);
    expect(storageGiB("100G")).toBe(94);
    expect(storageGiB(" 5Gi ")).toBe(5);
    expect(storageGiB(2 ** 31)).toBe(2);
  });

  it("returns undefined for anything that is not a quantity", () => {
    for (const v of ["", "lots", "5 Gi", "5gi", undefined, null, {}, "-1Gi"]) expect(storageGiB(v)).toBeUndefined();
  });
});
