import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import { loadStackConfig } from "../../config/stackFiles";
import { evaluateProgram, SECRET_PLACEHOLDER } from "../../plan/evaluate";

vi.mock("../../platform/platform", async () => {
  const { handmadePlatform } = await import("../../../test/fleet/handmadePlatform");
  return { createPlatform: () => handmadePlatform() };
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-local-"));
const kubeconfigFile = path.join(dir, "kind.yaml");
fs.writeFileSync(
  kubeconfigFile,
  stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "kind-hcpbench", cluster: { server: "https://127.0.0.1:40000" } }],
    contexts: [
      { name: "kind-hcpbench", context: { cluster: "kind-hcpbench", user: "u" } },
      { name: "other", context: { cluster: "kind-hcpbench", user: "u" } },
    ],
    "current-context": "other",
    users: [{ name: "u", user: { token: "kind-token" } }],
  }),
);
afterAll(() => fs.rmSync(dir, { recursive: true }));

async function local(overrides: string[] = []) {
  return evaluateProgram(loadStackConfig("local", { overrides: [`existing.kubeconfig=${kubeconfigFile}`, "existing.context=kind-hcpbench", ...overrides] }), "local");
}

describe("the existing-cluster substrate (stack `local`)", () => {
  it("creates nothing on AWS and talks to the cluster through the configured kubeconfig and context", async () => {
    const ev = await local();
    expect(ev.resources.filter((r) => r.type.startsWith("aws:") || r.type.startsWith("eks:"))).toEqual([]);
    const provider = ev.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect(provider.inputs).toMatchObject({ kubeconfig: kubeconfigFile, context: "kind-hcpbench", enableServerSideApply: "true" });
    expect(provider.parents).toContain("hcpbench:substrate:Existing");
  });

  it("exports the kubeconfig as a secret, switched to the configured context", async () => {
    const ev = await local();
    expect(ev.outputs.kubeconfig).toBe(SECRET_PLACEHOLDER);
    const text = await new Promise<string>((done) => ev.rawOutputs.kubeconfig.apply((v) => done(v as string)));
    expect(parse(text)["current-context"]).toBe("kind-hcpbench");
  });

  it("sends results to the in-cluster MinIO with credentials generated as secrets", async () => {
    const ev = await local();
    expect(ev.outputs.results).toMatchObject({
      kind: "minio",
      bucket: "hcpbench-results",
      endpoint: "http://minio.hcpbench-data.svc.cluster.local:9000",
      prefix: "results",
    });
    const passwords = ev.resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword" && r.parents.includes("hcpbench:substrate:Existing"));
    expect(passwords.map((r) => r.name).sort()).toEqual(["results-minio-access-key", "results-minio-secret-key"]);
    expect(JSON.stringify(ev.outputs)).not.toContain("mock-password-");
  });

  it("runs a 3-HCP tiny fleet with no pool pinning, on the configured storage class", async () => {
    const ev = await local(["fleet.backend=etcd"]);
    const hcps = ev.resources.filter((r) => r.type === "kubernetes:k0smotron.io/v1beta2:Cluster");
    expect(hcps).toHaveLength(3);
    for (const h of hcps) {
      const spec = h.inputs.spec as Record<string, any>;
      expect(spec.resources.limits).toEqual({ cpu: "250m", memory: "512Mi" });
      expect(spec.patches).toBeUndefined();
      expect(spec.storage.etcd.persistence.storageClass).toBe("standard");
    }
  });

  it("a context the kubeconfig lacks is refused before anything is created", async () => {
    await expect(local(["existing.context=missing"])).rejects.toThrow('hcpbench:existing.context: must be a context of the kubeconfig (got "missing")');
  });
});
