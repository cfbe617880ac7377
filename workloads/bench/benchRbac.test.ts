import { describe, expect, it } from "vitest";
import type { BenchJobSpec } from "../loadgen/job/benchJobSpec";
import { benchRoleBinding, benchRoles, kubeconfigReaderRole } from "./benchRbac";

const hcp = (name: string, namespace = "hcpbench-fleet") => ({ name, namespace, apiServerUrl: `https://${name}.${namespace}.svc:6443`, kubeconfigSecret: { name: `${name}-admin-kubeconfig`, key: "admin.conf" } });
const sampling: BenchJobSpec["sampling"] = { intervalMs: 2000, hcp: { namespace: "hcpbench-fleet" }, storage: [{ namespace: "hcpbench-data", labelSelector: "app=minio" }, { namespace: "hcpbench-data", labelSelector: "app.kubernetes.io/name=t4" }] };

describe("bench RBAC", () => {
  it("never builds a Secret Role without names (an empty resourceNames allows every Secret)", () => {
    expect(() => kubeconfigReaderRole("hcpbench-fleet", [])).toThrow(/every Secret/);
    expect(kubeconfigReaderRole("ns", ["b", "a", "b"]).rules).toEqual([{ apiGroups: [""], resources: ["secrets"], verbs: ["get"], resourceNames: ["a", "b"] }]);
  });

  it("single-HCP profiles read one kubeconfig; a mixed-* profile reads the fleet's", () => {
    const hcps = [hcp("hcp-000"), hcp("hcp-001"), hcp("hcp-002")];
    const single = benchRoles({ profiles: ["create-list", "watch-churn"], hcps, sampling });
    expect(single[0].rules).toEqual([expect.objectContaining({ resourceNames: ["hcp-000-admin-kubeconfig"] })]);
    const mixed = benchRoles({ profiles: ["light", "mixed-uniform"], hcps, sampling });
    expect((mixed[0].rules as { resourceNames: string[] }[])[0].resourceNames).toEqual(hcps.map((h) => h.kubeconfigSecret.name));
  });

  it("grants PodMetrics only in the sampled namespaces, once each", () => {
    const roles = benchRoles({ profiles: ["light"], hcps: [hcp("hcp-000")], sampling: { ...sampling, storage: [{ namespace: "hcpbench-fleet", unitLabel: "cluster" }] } });
    expect(roles.map((r) => `${r.kind} ${r.metadata.namespace} ${r.metadata.name}`)).toEqual([
      "Role hcpbench-fleet hcpbench-bench-kubeconfigs",
      "Role hcpbench-fleet hcpbench-bench-pod-metrics",
    ]);
    const noStorage = benchRoles({ profiles: ["light"], hcps: [hcp("hcp-000")], sampling: { intervalMs: 2000, hcp: { namespace: "hcpbench-fleet" }, storage: [] } });
    expect(noStorage.filter((r) => r.metadata.name.endsWith("pod-metrics")).map((r) => r.metadata.namespace)).toEqual(["hcpbench-fleet"]);
  });

  it("binds each Role to the bench service account only", () => {
    const role = kubeconfigReaderRole("hcpbench-fleet", ["x"]);
    expect(benchRoleBinding(role)).toMatchObject({
      metadata: { name: "hcpbench-bench-kubeconfigs", namespace: "hcpbench-fleet" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "hcpbench-bench-kubeconfigs" },
      subjects: [{ kind: "ServiceAccount", name: "hcpbench-bench", namespace: "hcpbench-bench" }],
    });
  });
});
