import { describe, expect, it } from "vitest";
import { describeObject, stateObjects } from "./stackInventory";

describe("the Kubernetes objects of a stack's exported state", () => {
  it("keeps custom kubernetes resources with an object identity, and skips providers, components, Helm releases and objects only read", () => {
    const deployment = {
      resources: [
        { urn: "urn:pulumi:local::hcpbench::pulumi:pulumi:Stack::hcpbench-local", type: "pulumi:pulumi:Stack" },
        { urn: "urn:p::k8s", type: "pulumi:providers:kubernetes", custom: true, outputs: {} },
        { urn: "urn:p::ns", type: "kubernetes:core/v1:Namespace", custom: true, outputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "hcpbench-data" } } },
        { urn: "urn:p::sts", type: "kubernetes:apps/v1:StatefulSet", custom: true, outputs: { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "postgres", namespace: "hcpbench-data" } } },
        { urn: "urn:p::read", type: "kubernetes:core/v1:Secret", custom: true, external: true, outputs: { apiVersion: "v1", kind: "Secret", metadata: { name: "minio-root", namespace: "hcpbench-data" } } },
        { urn: "urn:p::rel", type: "kubernetes:helm.sh/v3:Release", custom: true, outputs: { name: "minio" } },
        { urn: "urn:p::comp", type: "hcpbench:platform:Platform" },
      ],
    };
    const objects = stateObjects(deployment as never);
    expect(objects.map(describeObject)).toEqual(["Namespace hcpbench-data", "StatefulSet hcpbench-data/postgres"]);
    expect(objects[1]).toEqual({ urn: "urn:p::sts", apiVersion: "apps/v1", kind: "StatefulSet", name: "postgres", namespace: "hcpbench-data" });
  });
});
