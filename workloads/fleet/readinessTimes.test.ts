import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureCrdDir, loadCrds, validateAgainst } from "../../test/crds/structuralSchema";
import { readinessTimes } from "./readinessTimes";

/** Live objects as `kubectl get -o json` returns them; their status blocks are checked against the upstream CRDs below. */
const cluster = (name: string, created: string, conditions: unknown[]) => ({
  apiVersion: "k0smotron.io/v1beta2",
  kind: "Cluster",
  metadata: { name, namespace: "hcpbench-fleet", creationTimestamp: created, uid: "u", resourceVersion: "1" },
  status: { conditions, replicas: 1, readyReplicas: 1 },
});
const condition = (type: string, status: string, at: string) => ({ type, status, lastTransitionTime: at, reason: "Reconciled", message: "" });

const tcp = (name: string, created: string, version: string, deploymentConditions: unknown[]) => ({
  apiVersion: "kamaji.clastix.io/v1alpha1",
  kind: "TenantControlPlane",
  metadata: { name, namespace: "hcpbench-fleet", creationTimestamp: created },
  status: {
    kubernetesResources: {
      version: { status: version, version: "v1.33.4" },
      deployment: { name, namespace: "hcpbench-fleet", selector: `kamaji.clastix.io/name=${name}`, conditions: deploymentConditions, readyReplicas: 1 },
    },
  },
});

/*
 * k0smotron v2.1.0 on a ClusterIP Service (no spec.externalAddress), as
 * k0smotron's updateStatus leaves it (internal/controller/k0smotron.io/k0smotroncluster_status.go):
 * ControlPlaneExposed False ("Waiting for external address"), so the Available summary is
 * False, while ControlPlaneFunctional turns True once kube-system could be read through the
 * HCP's kubeconfig. hcp-001 serves from 10:00:42; hcp-002 has its kubeconfig but no answer yet.
 */
const samples = [
  cluster("hcp-001", "2026-11-01T10:00:00Z", [
    condition("KubeconfigSecretAvailable", "True", "2026-11-01T10:00:30Z"),
    condition("ControlPlaneExposed", "False", "2026-11-01T10:00:03Z"),
    condition("ControlPlaneFunctional", "True", "2026-11-01T10:00:42Z"),
    condition("Available", "False", "2026-11-01T10:00:03Z"),
  ]),
  cluster("hcp-002", "2026-11-01T10:00:01Z", [
    condition("KubeconfigSecretAvailable", "True", "2026-11-01T10:00:35Z"),
    condition("ControlPlaneExposed", "False", "2026-11-01T10:00:05Z"),
    condition("ControlPlaneFunctional", "False", "2026-11-01T10:00:05Z"),
    condition("Available", "False", "2026-11-01T10:00:05Z"),
  ]),
  tcp("hcp-003", "2026-11-01T10:00:00Z", "Ready", [
    { type: "Progressing", status: "True", lastTransitionTime: "2026-11-01T10:00:02Z", lastUpdateTime: "2026-11-01T10:00:30Z" },
    { type: "Available", status: "True", lastTransitionTime: "2026-11-01T10:01:15.500Z", lastUpdateTime: "2026-11-01T10:01:15Z" },
  ]),
  tcp("hcp-004", "2026-11-01T10:00:00Z", "Provisioning", [{ type: "Available", status: "True", lastTransitionTime: "2026-11-01T10:00:50Z" }]),
];

describe("readinessTimes", () => {
  it("the sample objects' status blocks are valid for the upstream CRDs", () => {
    const crds = loadCrds([path.join(fixtureCrdDir, "k0smotron.io_clusters.yaml"), path.join(fixtureCrdDir, "kamaji.clastix.io_tenantcontrolplanes.yaml")]);
    for (const s of samples) {
      const crd = crds.find((c) => c.kind === s.kind && `${c.group}/${c.version}` === s.apiVersion)!;
      const status = (crd.schema.properties as Record<string, Record<string, unknown>>).status;
      expect(validateAgainst(status, s.status)).toEqual({ ok: true, errors: [] });
    }
  });

  it("reads creation and Ready times: ControlPlaneFunctional for k0smotron (Available never turns True on a ClusterIP Service), the Deployment's Available once Kamaji says Ready", () => {
    expect(readinessTimes(samples)).toEqual([
      { name: "hcp-001", namespace: "hcpbench-fleet", kind: "Cluster", createdAt: "2026-11-01T10:00:00Z", readyAt: "2026-11-01T10:00:42Z", secondsToReady: 42 },
      { name: "hcp-002", namespace: "hcpbench-fleet", kind: "Cluster", createdAt: "2026-11-01T10:00:01Z" },
      {
        name: "hcp-003",
        namespace: "hcpbench-fleet",
        kind: "TenantControlPlane",
        createdAt: "2026-11-01T10:00:00Z",
        readyAt: "2026-11-01T10:01:15.500Z",
        secondsToReady: 75.5,
      },
      { name: "hcp-004", namespace: "hcpbench-fleet", kind: "TenantControlPlane", createdAt: "2026-11-01T10:00:00Z" },
    ]);
  });

  it("skips objects that are not HCPs and refuses HCPs that were never read from a cluster", () => {
    expect(readinessTimes([{ kind: "Secret", metadata: { name: "x" } }])).toEqual([]);
    expect(() => readinessTimes([{ kind: "Cluster", metadata: { name: "hcp-001" } }])).toThrow(/creationTimestamp/);
  });
});
