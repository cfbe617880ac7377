import { describe, expect, it } from "vitest";
import { backends } from "../backends/registry";
import { datastorePods, samplingScope } from "./samplingScope";

describe("what the bench samples as HCP and as storage", () => {
  it.each(backends.map((b) => [b.name, b] as const))("%s", (_name, backend) => {
    const scope = samplingScope(backend);
    if (backend.operator === "kamaji") {
      // Kamaji labels a TenantControlPlane's pods with its name; kine runs there as a sidecar.
      expect(scope.hcp).toEqual({ namespace: "hcpbench-fleet", labelSelector: "kamaji.clastix.io/name", unitLabel: "kamaji.clastix.io/name" });
    } else {
      expect(scope.hcp).toEqual({ namespace: "hcpbench-fleet", labelSelector: "app=k0smotron,component=cluster", unitLabel: "cluster" });
    }
    if (backend.datastores.length > 0) {
      // Exactly the backend's shared datastores, each sampled whole: all of it serves the fleet.
      expect(scope.storage).toEqual(backend.datastores.map((d) => datastorePods[d]));
      for (const g of scope.storage) expect(g.unitLabel).toBeUndefined();
    } else {
      expect(backend.operator).toBe("k0smotron");
      expect(scope.storage).toEqual([{ namespace: "hcpbench-fleet", labelSelector: "app=k0smotron,component=etcd", unitLabel: "cluster" }]);
    }
  });

  it("finds each datastore where the platform runs it", () => {
    const byName = Object.fromEntries(backends.map((b) => [b.name, samplingScope(b).storage]));
    expect(byName["kine-postgres"]).toEqual([{ namespace: "hcpbench-data", labelSelector: "app.kubernetes.io/name=postgres" }]);
    expect(byName["kamaji-etcd"]).toEqual([{ namespace: "kamaji-system", labelSelector: "app.kubernetes.io/name=kamaji-etcd" }]);
    expect(byName["t4-standalone"].map((g) => g.labelSelector).sort()).toEqual(["app.kubernetes.io/name=t4", "app=minio,release=minio"]);
  });
});
