import { describe, expect, it } from "vitest";
import { kubernetesResourceName, kubernetesTypeToken } from "./registerKubeObject";

describe("kubernetesTypeToken", () => {
  it("names core objects core/v1, and grouped ones by their apiVersion", () => {
    expect(kubernetesTypeToken({ apiVersion: "v1", kind: "Namespace" })).toBe("kubernetes:core/v1:Namespace");
    expect(kubernetesTypeToken({ apiVersion: "apps/v1", kind: "Deployment" })).toBe("kubernetes:apps/v1:Deployment");
    expect(kubernetesTypeToken({ apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition" })).toBe("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition");
    expect(kubernetesTypeToken({ apiVersion: "cert-manager.io/v1", kind: "Issuer" })).toBe("kubernetes:cert-manager.io/v1:Issuer");
  });

  it("names resources by namespace and name", () => {
    expect(kubernetesResourceName({ apiVersion: "v1", kind: "Service", metadata: { name: "pg", namespace: "data" } })).toBe("data/pg");
    expect(kubernetesResourceName({ apiVersion: "v1", kind: "Namespace", metadata: { name: "data" } })).toBe("data");
  });
});
