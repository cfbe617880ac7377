import { describe, expect, it } from "vitest";
import { namespaces } from "../../infra/namespaces";
import { evaluatePlatform, unwrap, type Registered } from "./platformUnderMocks";

/*
 * The platform settings under the Pulumi mocks: a chart folder changes where
 * every Release takes its chart from and nothing else; a component set to
 * `present` registers nothing of its own, and what depends on it still gets
 * the fixed names its outputs promise.
 */
const releases = (resources: Registered[]) => resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
const named = (resources: Registered[], type: string, name: string) => resources.filter((r) => r.type === `kubernetes:${type}` && r.name === name);
const allPresent = { certManager: "present", monitoring: "present", metricsServer: "present", operator: "present", minio: "present", nats: "present", t4: "present", kamajiEtcd: "present" };
const existing = (platform: Record<string, unknown>) => ({ sink: "minio" as const, overrides: { substrate: "existing", platform } });

describe("platform.chartSource.folder under the mocks", () => {
  it("gives every Release its archive's path and no repository", async () => {
    const { resources } = await evaluatePlatform({ backend: "t4-standalone", count: 3 }, existing({ chartSource: { folder: "/srv/charts" } }));
    const byName: Record<string, Record<string, unknown>> = Object.fromEntries(releases(resources).map((r) => [r.inputs.name, r.inputs]));
    expect(Object.keys(byName).sort()).toEqual(["cert-manager", "kube-prometheus-stack", "metrics-server", "minio", "t4"]);
    expect(byName["cert-manager"]).toMatchObject({ chart: "/srv/charts/cert-manager-v1.21.1.tgz", version: "v1.21.1" });
    expect(byName["kube-prometheus-stack"]).toMatchObject({ chart: "/srv/charts/kube-prometheus-stack-88.5.3.tgz", version: "88.5.3" });
    expect(byName["metrics-server"]).toMatchObject({ chart: "/srv/charts/metrics-server-3.13.1.tgz" });
    expect(byName.minio).toMatchObject({ chart: "/srv/charts/minio-5.4.0.tgz" });
    expect(byName.t4).toMatchObject({ chart: "/srv/charts/t4-0.5.4.tgz", version: "0.5.4" });
    for (const inputs of Object.values(byName)) expect(inputs.repositoryOpts).toBeUndefined();
  });

  it("keeps the repositories when unset", async () => {
    const { resources } = await evaluatePlatform({ backend: "kine-postgres", count: 3 }, existing({}));
    const certManager = releases(resources).find((r) => r.inputs.name === "cert-manager")!.inputs;
    expect(certManager).toMatchObject({ chart: "cert-manager", repositoryOpts: { repo: "https://charts.jetstack.io" } });
  });
});

describe("platform.components present under the mocks", () => {
  it("kine-postgres with every chart present: no Release, no namespace of theirs, and the rest still installed", async () => {
    const { platform, resources } = await evaluatePlatform({ backend: "kine-postgres", count: 3 }, existing({ components: { certManager: "present", monitoring: "present", metricsServer: "present", minio: "present" } }));
    expect(releases(resources)).toEqual([]);
    for (const ns of [namespaces.certManager, namespaces.monitoring, namespaces.data]) expect(named(resources, "core/v1:Namespace", ns)).toEqual([]);
    expect(resources.filter((r) => r.type === "kubernetes:core/v1:Secret" && [`${namespaces.data}/minio-root`, `${namespaces.data}/minio-t4`, `${namespaces.monitoring}/grafana-admin`].includes(r.name))).toEqual([]);
    expect(resources.some((r) => r.type === "kubernetes:core/v1:ConfigMap" && r.name.startsWith(`${namespaces.monitoring}/`))).toBe(false);
    // Still ours: the k0smotron install, the PostgreSQL server, and PodMonitors for what we run (the CRDs are the cluster's).
    expect(named(resources, "apiextensions.k8s.io/v1:CustomResourceDefinition", "clusters.k0smotron.io")).toHaveLength(1);
    expect(named(resources, "apps/v1:StatefulSet", `${namespaces.data}/postgres`)).toHaveLength(1);
    expect(named(resources, "monitoring.coreos.com/v1:PodMonitor", `${namespaces.data}/postgres`)).toHaveLength(1);
    expect(named(resources, "monitoring.coreos.com/v1:PodMonitor", `${namespaces.data}/minio`)).toEqual([]);
    expect(platform.minio).toBeUndefined();
  });

  it("everything present on kamaji-etcd: only the fleet-facing names, and no operator or datastore object", async () => {
    const { platform, resources } = await evaluatePlatform({ backend: "kamaji-etcd", count: 3 }, existing({ components: allPresent }));
    expect(releases(resources)).toEqual([]);
    expect(resources.filter((r) => r.type.startsWith("kubernetes:cert-manager.io") || r.type === "kubernetes:core/v1:Namespace")).toEqual([]);
    expect(resources.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PodMonitor").map((r) => r.name)).toEqual([]);
    expect(platform.kamajiEtcd).toMatchObject({
      endpoints: ["kamaji-etcd-0.kamaji-etcd.kamaji-system.svc.cluster.local:2379", "kamaji-etcd-1.kamaji-etcd.kamaji-system.svc.cluster.local:2379", "kamaji-etcd-2.kamaji-etcd.kamaji-system.svc.cluster.local:2379"],
      tlsSecretName: "kamaji-etcd-client-certs",
      caSecretName: "kamaji-etcd-ca",
    });
  });

  it("kine-t4 with MinIO present: the T4 user is read from the cluster's minio-t4 Secret, as secrets, and nothing of MinIO is written", async () => {
    const { platform, resources } = await evaluatePlatform({ backend: "kine-t4", count: 3 }, existing({ components: { minio: "present" } }));
    expect(named(resources, "core/v1:Secret", "present-hcpbench-data-minio-t4")).toHaveLength(1);
    expect(releases(resources).map((r) => r.inputs.name)).not.toContain("minio");
    const access = await unwrap(platform.minio!.accessKey);
    const secret = await unwrap(platform.minio!.secretKey);
    // The mock engine answers a read key k with "mock-present-k" (infra/plan/mockOutputs.ts).
    expect([access, secret]).toEqual([
      { value: "mock-present-accessKey", secret: true },
      { value: "mock-present-secretKey", secret: true },
    ]);
    expect(platform.minio).toMatchObject({ endpoint: "http://minio.hcpbench-data.svc.cluster.local:9000", credentialsSecretName: "minio-t4" });
  });

  it("kamaji-nats with NATS present: the DataStore login stays the nats-auth Secret, and the release no longer waits on anything of NATS", async () => {
    const { platform, resources } = await evaluatePlatform({ backend: "kamaji-nats", count: 3 }, existing({ components: { nats: "present", minio: "present" } }));
    expect(platform.nats).toEqual({ url: "nats://nats.hcpbench-data.svc.cluster.local:4222", adminSecretName: "nats-auth" });
    expect(releases(resources).map((r) => r.inputs.name).sort()).toEqual(["cert-manager", "kamaji", "kube-prometheus-stack", "metrics-server"]);
    expect(named(resources, "core/v1:Secret", `${namespaces.data}/nats-auth`)).toEqual([]);
  });
});
