import { describe, expect, it } from "vitest";
import { placementFor } from "../../substrate/pools";
import { k0smotronControllerName, k0smotronControllerResources, k0smotronMetricsPort, k0smotronObjects, readK0smotronManifest } from "./k0smotronManifest";

const manifest = readK0smotronManifest();
const control = placementFor("control");
const objects = k0smotronObjects(manifest, control);
const controller = objects.find((o) => o.kind === "Deployment")!;
const podSpec = (controller.spec as { template: { spec: Record<string, unknown> } }).template.spec;
const manager = (podSpec.containers as { name: string; args: string[]; ports: { name: string; containerPort: number }[]; resources: unknown }[]).find((c) => c.name === "manager")!;

describe("k0smotron objects from the standalone manifest", () => {
  it("keeps every object of the manifest, in order, without server-owned status", () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Namespace/k0smotron",
      "CustomResourceDefinition/clusters.k0smotron.io",
      "CustomResourceDefinition/jointokenrequests.k0smotron.io",
      "ServiceAccount/k0smotron-controller-manager",
      "Role/k0smotron-leader-election-role",
      "ClusterRole/k0smotron-manager-role",
      "RoleBinding/k0smotron-leader-election-rolebinding",
      "ClusterRoleBinding/k0smotron-manager-rolebinding",
      "Service/k0smotron-webhook-service",
      `Deployment/${k0smotronControllerName}`,
      "Certificate/k0smotron-serving-cert",
      "Issuer/k0smotron-selfsigned-issuer",
      "MutatingWebhookConfiguration/k0smotron-mutating-webhook-configuration",
      "ValidatingWebhookConfiguration/k0smotron-validating-webhook-configuration",
    ]);
    expect(objects.every((o) => !("status" in o))).toBe(true);
  });

  it("places the controller on the control pool, tolerating its taint", () => {
    expect(podSpec.nodeSelector).toEqual(control.nodeSelector);
    expect(podSpec.tolerations).toEqual(control.tolerations);
    expect(control.tolerations.length).toBe(1);
  });

  it("raises the controller's memory and CPU above the published 100-HCP peak (92 MiB, 496 mCPU)", () => {
    expect(manager.resources).toEqual(k0smotronControllerResources);
    const mib = (q: string) => Number(/^(\d+)Mi$/.exec(q)![1]);
    expect(mib(k0smotronControllerResources.limits.memory)).toBeGreaterThanOrEqual(4 * 92);
    expect(mib(k0smotronControllerResources.requests.memory)).toBeGreaterThan(92);
  });

  it("serves metrics as plain HTTP, what the PodMonitor scrapes (k0smotron's --metrics-secure defaults to true: HTTPS with authn/authz)", () => {
    // The upstream manifest leaves the flag at its default, so without our override the endpoint is HTTPS.
    expect(manifest).not.toContain("--metrics-secure");
    expect(manager.args.filter((a) => a.startsWith("--metrics-secure"))).toEqual(["--metrics-secure=false"]);
  });

  it("exposes the metrics endpoint beyond localhost, on a named port", () => {
    expect(manifest).toContain("--metrics-bind-address=127.0.0.1:8080");
    expect(manager.args).toContain(`--metrics-bind-address=:${k0smotronMetricsPort}`);
    expect(manager.args.filter((a) => a.startsWith("--metrics-bind-address"))).toHaveLength(1);
    expect(manager.ports).toContainEqual(expect.objectContaining({ name: "metrics", containerPort: k0smotronMetricsPort }));
    // The rest of the controller is as upstream ships it.
    expect(manager.args).toEqual(expect.arrayContaining(["--leader-elect", "--enable-controller=standalone"]));
  });

  it("leaves every other object exactly as the manifest has it", () => {
    const untouched = k0smotronObjects(manifest, { nodeSelector: {}, tolerations: [] }).filter((o) => o.kind !== "Deployment");
    expect(objects.filter((o) => o.kind !== "Deployment")).toEqual(untouched);
  });

  it("refuses a manifest without the controller", () => {
    expect(() => k0smotronObjects("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: k0smotron\n", control)).toThrow(/k0smotron-controller-manager not found/);
  });
});
