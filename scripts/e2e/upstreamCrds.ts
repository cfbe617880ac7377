import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ApiextensionsV1Api, KubeConfig, KubernetesObjectApi, loadAllYaml, PatchStrategy, type KubernetesObject, type V1CustomResourceDefinition } from "@kubernetes/client-node";
import { InputError } from "../../infra/names/inputError";

/**
 * The CustomResourceDefinitions of the components the e2e treats as already
 * present (platform.components.<c>=present), as upstream publishes them:
 * cert-manager's and the Prometheus operator's from their Go modules (plain
 * controller-gen output under deploy/crds and example/prometheus-operator-crd),
 * the operators' from the project's fixtures (the Go module proxy serves
 * neither k0smotron v2.1.0 nor Kamaji 26.8.2-edge).
 */
export interface CrdSource {
  readonly component: string;
  /** A Go module and folder in it, or a folder of the repository. */
  readonly module?: { readonly path: string; readonly version: string; readonly dir: string };
  readonly repoDir?: string;
  readonly files: readonly string[];
}

const repo = path.resolve(__dirname, "..", "..");

export const crdSources: readonly CrdSource[] = [
  // The chart version hcpbench pins (helmReleaseSpec certManager v1.21.1); the chart installs these same CRDs.
  { component: "cert-manager", module: { path: "github.com/cert-manager/cert-manager", version: "v1.21.1", dir: "deploy/crds" }, files: ["cert-manager.io_certificates.yaml", "cert-manager.io_issuers.yaml", "cert-manager.io_clusterissuers.yaml", "cert-manager.io_certificaterequests.yaml"] },
  // kube-prometheus-stack 88.x ships the operator's 0.85 CRDs.
  { component: "monitoring", module: { path: "github.com/prometheus-operator/prometheus-operator", version: "v0.85.0", dir: "example/prometheus-operator-crd" }, files: ["monitoring.coreos.com_servicemonitors.yaml", "monitoring.coreos.com_podmonitors.yaml", "monitoring.coreos.com_prometheusrules.yaml"] },
  { component: "k0smotron", repoDir: "test/fixtures/crds", files: ["k0smotron.io_clusters.yaml", "k0smotron.io_jointokenrequests.yaml"] },
  { component: "kamaji", repoDir: "test/fixtures/crds", files: ["kamaji.clastix.io_tenantcontrolplanes.yaml", "kamaji.clastix.io_datastores.yaml", "kamaji.clastix.io_kubeconfiggenerators.yaml"] },
];

function moduleDir(m: NonNullable<CrdSource["module"]>): string {
  const res = spawnSync("go", ["mod", "download", "-json", `${m.path}@${m.version}`], { cwd: os.tmpdir(), encoding: "utf8", env: { ...process.env, GOFLAGS: "-mod=mod" } });
  const info = JSON.parse(res.stdout || "{}") as { Dir?: string; Error?: string };
  if (!info.Dir) throw new InputError(`${m.path}@${m.version}: go mod download failed (${info.Error ?? res.stderr.trim().split("\n")[0] ?? "no answer"}); the e2e reads its CRDs from the Go module`);
  return path.join(info.Dir, m.dir);
}

/** The CRD documents of one component, read from upstream files. */
export function readCrds(source: CrdSource): V1CustomResourceDefinition[] {
  const dir = source.module ? moduleDir(source.module) : path.join(repo, source.repoDir!);
  // Through client-node's own model: its serializer writes only model fields, so a plain object would
  // lose the schema's x-kubernetes-* keys (x-kubernetes-int-or-string) and be refused.
  return source.files.flatMap((f) =>
    (loadAllYaml(fs.readFileSync(path.join(dir, f), "utf8")) as (V1CustomResourceDefinition | null)[]).filter((d): d is V1CustomResourceDefinition => d?.kind === "CustomResourceDefinition"),
  );
}

/** Creates (server-side apply) the CRDs of the given components and waits until each is Established. */
export async function installCrds(kc: KubeConfig, components: readonly string[], timeoutMs = 60_000): Promise<string[]> {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  const names: string[] = [];
  for (const source of crdSources.filter((s) => components.includes(s.component))) {
    for (const crd of readCrds(source)) {
      await objects.patch(crd as KubernetesObject, undefined, undefined, "hcpbench-e2e", true, PatchStrategy.ServerSideApply);
      names.push(crd.metadata!.name!);
    }
  }
  const deadline = Date.now() + timeoutMs;
  for (const name of names) {
    for (;;) {
      const crd = await ext.readCustomResourceDefinition({ name });
      if (crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) break;
      if (Date.now() > deadline) throw new Error(`CRD ${name}: not Established after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return names;
}
