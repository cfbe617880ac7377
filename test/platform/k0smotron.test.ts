import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { k0smotronManifestPath, k0smotronObjects, readK0smotronManifest } from "../../infra/platform/k0smotron/k0smotronManifest";
import { kubernetesTypeToken } from "../../infra/kubernetes/registerKubeObject";
import { placementFor } from "../../infra/substrate/pools";
import { fixturePath } from "./chartDefaults";
import { evaluatePlatform } from "./platformUnderMocks";

/*
 * k0smotron v2.1.0 as the program installs it: the checked-in manifest is the
 * published one byte for byte, and each of its objects is registered under its
 * real Pulumi type token (what `plan` prints and the provider dispatches on).
 */
describe("k0smotron v2.1.0 manifest", () => {
  it("is byte for byte the published file (sha256 recorded in the fixtures' SOURCES.txt)", () => {
    const sources = fs.readFileSync(fixturePath("SOURCES.txt"), "utf8");
    const recorded = /^([0-9a-f]{64})\s+k0smotron-v2\.1\.0\.install-standalone\.yaml$/m.exec(sources)?.[1];
    expect(recorded).toMatch(/^[0-9a-f]{64}$/);
    expect(createHash("sha256").update(fs.readFileSync(k0smotronManifestPath)).digest("hex")).toBe(recorded);
  });

  it("registers every object with its real type token on a k0smotron stack, CRDs included", async () => {
    const { resources } = await evaluatePlatform({ backend: "kine-postgres", count: 10 });
    const expected = k0smotronObjects(readK0smotronManifest(), placementFor("control")).map((o) => `${kubernetesTypeToken(o)} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`);
    const registered = resources.map((r) => `${r.type} ${r.name}`);
    expect(registered).toEqual(expect.arrayContaining(expected));
    expect(expected).toEqual(
      expect.arrayContaining([
        "kubernetes:core/v1:Namespace k0smotron",
        "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition clusters.k0smotron.io",
        "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition jointokenrequests.k0smotron.io",
        "kubernetes:apps/v1:Deployment k0smotron/k0smotron-controller-manager",
        "kubernetes:cert-manager.io/v1:Certificate k0smotron/k0smotron-serving-cert",
        "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration k0smotron-validating-webhook-configuration",
      ]),
    );
    // The CRD is submitted whole (server-side apply takes it; client-side apply's annotation could not).
    const crd = resources.find((r) => r.name === "clusters.k0smotron.io")!;
    expect(JSON.stringify(crd.inputs).length).toBeGreaterThan(262144);
    expect((crd.inputs.spec as { group: string }).group).toBe("k0smotron.io");
  });

  it("installs no k0smotron object on a Kamaji stack", async () => {
    const { resources } = await evaluatePlatform({ backend: "kamaji-postgres", count: 10 });
    expect(resources.filter((r) => r.name.includes("k0smotron"))).toEqual([]);
    expect(resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").map((r) => r.inputs.name)).toContain("kamaji");
  });
});
