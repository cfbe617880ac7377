/**
 * The preflight of `platform.components.<component>=present` against the real kube-apiserver 1.33 on
 * etcd 3.6 (binaries from `hcpbench lab install`; a missing one fails). The cluster starts empty, so
 * every present component is reported; then the test installs what each provides: the upstream
 * k0smotron and Kamaji CRDs from test/fixtures/crds, and the objects a present MinIO is wired by.
 * cert-manager's and the Prometheus Operator's CRDs are not among the fixtures: stand-ins with their
 * real names and groups take their place, since the preflight looks them up by name.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as https from "node:https";
import { ApiregistrationV1Api, CoreV1Api, KubeConfig, type V1CustomResourceDefinition } from "@kubernetes/client-node";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../infra/config/stackFiles";
import { isInputError } from "../../infra/names/inputError";
import { startApiServer } from "../../scripts/lab/apiServerProcess";
import { requireBinary } from "../../scripts/lab/labBinaries";
import { makeHcpPki } from "../../scripts/lab/labCertificates";
import { adminKubeconfig } from "../../scripts/lab/labKubeconfig";
import { freePortRun, PortPlan } from "../../scripts/lab/labPorts";
import { LabRun } from "../../scripts/lab/labRun";
import { startLabEtcd } from "../../scripts/lab/storage/etcdServer";
import { assertPresentComponents, kubeRequirementCheck, presentComponentProblems, unavailableApiServices, warnUnavailableApiServices, type RequirementCheck } from "../../scripts/automation/presentPreflight";

let dir: string;
let run: LabRun;
let kubeconfigFile: string;
let core: CoreV1Api;
let kc: KubeConfig;

/**
 * Creates a CRD from its JSON as it is, with the admin login: client-node's typed clients map fields by
 * their TypeScript names and would drop the fixtures' x-kubernetes-* schema keys.
 */
async function createCrd(crd: { metadata?: { name?: string } }): Promise<void> {
  const url = new URL(`${kc.getCurrentCluster()!.server}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`);
  const opts: https.RequestOptions = { method: "POST", hostname: url.hostname, port: url.port, path: url.pathname, headers: { "content-type": "application/json" } };
  await kc.applyToHTTPSOptions(opts);
  const status = await new Promise<number>((resolve, reject) => {
    const req = https.request(opts, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(JSON.stringify(crd));
  });
  if (status !== 201) throw new Error(`creating CRD ${crd.metadata?.name}: HTTP ${status}`);
}
let apiServices: ApiregistrationV1Api;
let check: RequirementCheck;

const fixtureCrd = (file: string) => parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "crds", file), "utf8")) as V1CustomResourceDefinition;
/** A stand-in CRD with the upstream name, group and kind (schema left open), as JSON. */
const standInCrd = (group: string, plural: string, kind: string): Record<string, unknown> => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: `${plural}.${group}` },
  spec: {
    group,
    scope: "Namespaced",
    names: { plural, singular: kind.toLowerCase(), kind },
    versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
  },
});

const settings = (backend: string, components: Record<string, string>) =>
  parseConfig({ substrate: "existing", existing: { kubeconfig: kubeconfigFile }, fleet: { backend, count: 3 }, platform: { components } });
const chartsPresent = { certManager: "present", monitoring: "present", metricsServer: "present", operator: "present", minio: "present" };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-present-"));
  fs.chmodSync(dir, 0o711);
  const ports = new PortPlan(await freePortRun(3));
  run = new LabRun(dir, ports, { etcd: requireBinary("etcd"), "kube-apiserver": requireBinary("kube-apiserver") }, () => undefined);
  const etcd = await startLabEtcd(run, "etcd", { client: ports.take("etcd client"), peer: ports.take("etcd peer") });
  const pki = makeHcpPki(path.join(dir, "pki"), "present");
  const server = await startApiServer(run, { backend: "etcd", hcp: "present", port: ports.take("kube-apiserver"), etcdServers: etcd.endpoint, etcdPrefix: "/present", pki });
  const kubeconfig = adminKubeconfig("present", server.apiUrl, pki);
  kubeconfigFile = path.join(dir, "kubeconfig");
  fs.writeFileSync(kubeconfigFile, kubeconfig, { mode: 0o600 });
  kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  core = kc.makeApiClient(CoreV1Api);
  apiServices = kc.makeApiClient(ApiregistrationV1Api);
  check = await kubeRequirementCheck(kubeconfig);
}, 400_000);

afterAll(async () => {
  await run?.stopAll();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("present components on the real kube-apiserver", () => {
  it("an empty cluster: one line per present component, naming the setting and all it lacks; exit 2 through InputError", async () => {
    expect(await presentComponentProblems("local", settings("kine-postgres", chartsPresent), check)).toEqual([
      'stack local: hcpbench:platform.components.certManager is "present" but the cluster lacks CustomResourceDefinition certificates.cert-manager.io; CustomResourceDefinition issuers.cert-manager.io; install it there or set platform.components.certManager=install',
      'stack local: hcpbench:platform.components.monitoring is "present" but the cluster lacks CustomResourceDefinition servicemonitors.monitoring.coreos.com; CustomResourceDefinition podmonitors.monitoring.coreos.com; install it there or set platform.components.monitoring=install',
      'stack local: hcpbench:platform.components.metricsServer is "present" but the cluster lacks APIService v1beta1.metrics.k8s.io; install it there or set platform.components.metricsServer=install',
      'stack local: hcpbench:platform.components.operator is "present" but the cluster lacks CustomResourceDefinition clusters.k0smotron.io; install it there or set platform.components.operator=install',
      'stack local: hcpbench:platform.components.minio is "present" but the cluster lacks Namespace hcpbench-data; Service hcpbench-data/minio; Secret hcpbench-data/minio-root; install it there or set platform.components.minio=install',
    ]);
    const err = await assertPresentComponents("local", settings("kine-postgres", { metricsServer: "present" })).catch((e: unknown) => e);
    expect(isInputError(err) && err.problems).toEqual([expect.stringMatching(/^stack local: hcpbench:platform\.components\.metricsServer is "present" but the cluster lacks APIService v1beta1\.metrics\.k8s\.io;/)]);
    // Nothing present: nothing to read, whatever the cluster holds.
    await expect(assertPresentComponents("local", settings("kine-postgres", {}))).resolves.toBeUndefined();
  });

  it("passes once each component's CRDs, APIService and MinIO's objects are there; a Secret without a key still fails", async () => {
    for (const crd of [
      fixtureCrd("k0smotron.io_clusters.yaml"),
      standInCrd("cert-manager.io", "certificates", "Certificate"),
      standInCrd("cert-manager.io", "issuers", "Issuer"),
      standInCrd("monitoring.coreos.com", "servicemonitors", "ServiceMonitor"),
      standInCrd("monitoring.coreos.com", "podmonitors", "PodMonitor"),
    ]) {
      await createCrd(crd);
    }
    await apiServices.createAPIService({
      body: {
        metadata: { name: "v1beta1.metrics.k8s.io" },
        spec: { group: "metrics.k8s.io", version: "v1beta1", service: { namespace: "kube-system", name: "metrics-server" }, groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true },
      },
    });
    // Registered with no metrics-server behind it: the aggregator marks it unavailable, which namespace deletion trips on.
    await expect.poll(() => unavailableApiServices(fs.readFileSync(kubeconfigFile, "utf8")), { timeout: 20_000 }).toEqual([
      'APIService v1beta1.metrics.k8s.io is unavailable (service/metrics-server in "kube-system" is not present)',
    ]);
    const warnings: string[] = [];
    await warnUnavailableApiServices("local", settings("kine-postgres", {}), (l) => warnings.push(l));
    expect(warnings).toEqual([expect.stringMatching(/^hcpbench: warning: stack local: APIService v1beta1\.metrics\.k8s\.io is unavailable .*Kubernetes cannot finish deleting any namespace/)]);
    await core.createNamespace({ body: { metadata: { name: "hcpbench-data" } } });
    await core.createNamespacedService({ namespace: "hcpbench-data", body: { metadata: { name: "minio" }, spec: { ports: [{ port: 9000 }] } } });
    await core.createNamespacedSecret({ namespace: "hcpbench-data", body: { metadata: { name: "minio-root" }, stringData: { rootUser: "admin" } } });
    expect(await presentComponentProblems("local", settings("kine-postgres", chartsPresent), check)).toEqual([
      'stack local: hcpbench:platform.components.minio is "present" but the cluster lacks keys rootPassword of Secret hcpbench-data/minio-root; install it there or set platform.components.minio=install',
    ]);
    await core.patchNamespacedSecret({ namespace: "hcpbench-data", name: "minio-root", body: [{ op: "add", path: "/data/rootPassword", value: Buffer.from("secret-password").toString("base64") }] });
    await expect(assertPresentComponents("local", settings("kine-postgres", chartsPresent))).resolves.toBeUndefined();
    // kine-t4 also needs the T4 user's Secret in the present MinIO.
    expect(await presentComponentProblems("local", settings("kine-t4", { minio: "present" }), check)).toEqual([
      'stack local: hcpbench:platform.components.minio is "present" but the cluster lacks Secret hcpbench-data/minio-t4; install it there or set platform.components.minio=install',
    ]);
  });

  it("a present Kamaji needs its two CRDs (the upstream ones), and the namespace kamaji-etcd installs into", async () => {
    const kamaji = settings("kamaji-etcd", { operator: "present" });
    expect(await presentComponentProblems("local", kamaji, check)).toEqual([
      'stack local: hcpbench:platform.components.operator is "present" but the cluster lacks CustomResourceDefinition tenantcontrolplanes.kamaji.clastix.io; CustomResourceDefinition datastores.kamaji.clastix.io; Namespace kamaji-system; install it there or set platform.components.operator=install',
    ]);
    await createCrd(fixtureCrd("kamaji.clastix.io_tenantcontrolplanes.yaml"));
    await createCrd(fixtureCrd("kamaji.clastix.io_datastores.yaml"));
    await core.createNamespace({ body: { metadata: { name: "kamaji-system" } } });
    expect(await presentComponentProblems("local", kamaji, check)).toEqual([]);
  });
});
