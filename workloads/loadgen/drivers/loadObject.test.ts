import { describe, expect, it } from "vitest";
import { configMapJson, objectIndex, objectName, payloadOfSize, stampOf } from "./loadObject";

describe("load objects", () => {
  it("names objects load-%06d and reads the index back", () => {
    expect(objectName(7)).toBe("load-000007");
    expect(objectName(1_234_567)).toBe("load-1234567");
    for (const i of [0, 9, 10_049, 999_999, 1_000_000]) expect(objectIndex(objectName(i))).toBe(i);
    for (const other of ["kube-root-ca.crt", "load-", "load-12a", "load--1", "xload-000001"]) expect(objectIndex(other)).toBe(-1);
  });

  it("builds a valid ConfigMap carrying its send time and step", () => {
    const obj = JSON.parse(configMapJson("load-test", 42, "update1", 123456.7, payloadOfSize(64)));
    expect(obj).toMatchObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "load-000042", namespace: "load-test", labels: { "hcpbench.io/load": "loadgen" } } });
    expect(obj.metadata.annotations["hcpbench.io/step"]).toBe("update1");
    expect(stampOf(obj)).toBe(123457);
    expect(obj.data.payload).toHaveLength(64);
  });
});
