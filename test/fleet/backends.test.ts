import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { backends, backendByName } from "../../workloads/backends/registry";
import type { HcpObjects } from "../../workloads/backends/backend";
import { hcpNames } from "../../workloads/fleet/hcpNames";
import type { KubeObject } from "../../workloads/fleet/kubeObject";
import { kineDataSourceKey } from "../../workloads/fleet/kineDataSource";
import { sizePresets } from "../../infra/names/presets";
import { t4CredentialKeys } from "../../workloads/fleet/t4Objects";
import { fleetConfig, fleetContext, handmadePlatform, hcpPoolPlacement, resolve } from "./handmadePlatform";

/** Builds a small fleet of a backend straight from its builders, with the handmade platform. */
function build(backend: string, extra: Record<string, unknown> = {}, count = 3) {
  const cfg = fleetConfig({ backend, count, ...extra });
  const ctx = fleetContext(cfg);
  const b = backendByName(backend);
  const hcps: HcpObjects[] = hcpNames(count).map((name, index) =>
    b.hcpObjects({ index, name, databasePassword: b.perHcpDatabase ? `pw-of-${name}` : undefined }, ctx),
  );
  return { cfg, shared: b.fleetObjects(ctx), hcps };
}

const spec = (o: KubeObject) => o.spec as Record<string, any>;
const storage = (o: KubeObject) => spec(o).storage as Record<string, any>;
const milli = (q: string) => (q.endsWith("m") ? Number(q.slice(0, -1)) : Number(q) * 1000);
const mebi = (q: string) => (q.endsWith("Gi") ? Number(q.slice(0, -2)) * 1024 : Number(q.slice(0, -2)));
const k0smotronBackends = backends.filter((b) => b.operator === "k0smotron").map((b) => b.name);
const kamajiBackends = backends.filter((b) => b.operator === "kamaji").map((b) => b.name);

describe("storage per backend (k0smotron Cluster spec.storage)", () => {
  it.each([
    ["etcd", "etcd"],
    ["kine-postgres", "kine"],
    ["kine-mysql", "kine"],
    ["kine-sqlite", "kine"],
    ["kine-nats-embedded", "nats"],
    ["kine-t4", "kine"],
    ["t4-standalone", "kine"],
  ])("%s uses storage.type %s", (backend, type) => {
    const { hcps } = build(backend);
    for (const { hcp } of hcps) {
      expect(hcp.apiVersion).toBe("k0smotron.io/v1beta2");
      expect(hcp.kind).toBe("Cluster");
      expect(storage(hcp).type).toBe(type);
    }
  });

  it("etcd keeps each HCP's etcd on the general storage class", () => {
    const { hcps } = build("etcd");
    expect(storage(hcps[0].hcp).etcd.persistence.storageClass).toBe("gp3-encrypted");
  });

  it("kine-nats-embedded keeps JetStream on the general storage class", () => {
    const { hcps } = build("kine-nats-embedded");
    expect(storage(hcps[0].hcp).nats.persistence.storageClass).toBe("gp3-encrypted");
  });

  it("kine-sqlite keeps its database inside the HCP pod", () => {
    const { hcps } = build("kine-sqlite");
    const url = new URL(storage(hcps[0].hcp).kine.dataSourceURL);
    expect(url.protocol).toBe("sqlite:");
    expect(url.pathname).toBe("/var/lib/k0s/db/state.db");
  });
});

describe("per-HCP SQL data sources (kine-postgres, kine-mysql)", () => {
  it("kine-postgres: each HCP reads its own database on the shared server, through a Secret only", async () => {
    const { hcps } = build("kine-postgres");
    const pg = handmadePlatform().postgres!;
    for (const [i, { hcp, companions }] of hcps.entries()) {
      const name = hcpNames(3)[i];
      const db = name.replace("-", "_");
      expect(storage(hcp).kine).toEqual({ dataSourceSecretName: `${name}-kine-datasource` });
      expect(JSON.stringify(hcp)).not.toContain("pw-of-");
      const secret = companions.find((c) => c.kind === "Secret")!;
      expect(secret.metadata).toMatchObject({ name: `${name}-kine-datasource`, namespace: "hcpbench-fleet" });
      const url = new URL(await resolve((secret.stringData as Record<string, string>)[kineDataSourceKey]));
      expect(url.protocol).toBe("postgres:");
      expect(url.hostname).toBe(pg.host);
      expect(url.port).toBe("5432");
      expect(url.pathname).toBe(`/${db}`);
      expect(url.username).toBe(db);
      expect(decodeURIComponent(url.password)).toBe(`pw-of-${name}`);
      expect(url.searchParams.get("sslmode")).toBe("disable");
    }
  });

  it("kine-mysql: go-sql-driver DSN to the HCP's own database", async () => {
    const { hcps } = build("kine-mysql");
    const secret = hcps[1].companions[0];
    const dsn = await resolve((secret.stringData as Record<string, string>)[kineDataSourceKey]);
    expect(dsn).toBe(`mysql://hcp_002:pw-of-hcp-002@tcp(mysql.hcpbench-data.svc.cluster.local:3306)/hcp_002`);
  });
});

describe("T4", () => {
  it("kine-t4: a t4:// data source to MinIO with a prefix per HCP, credentials only from a Secret", () => {
    const { hcps, shared, cfg } = build("kine-t4");
    const minio = handmadePlatform().minio!;
    const prefixes = hcps.map(({ hcp }) => {
      const url = new URL(storage(hcp).kine.dataSourceURL);
      expect(url.protocol).toBe("t4:");
      expect(url.hostname).toBe(minio.bucket);
      expect(url.searchParams.get("s3-endpoint")).toBe(minio.endpoint);
      expect(url.searchParams.get("region")).toBe(minio.region);
      expect(url.searchParams.has("service-name")).toBe(false);
      expect(spec(hcp).image).toBe(cfg.fleet.kineT4Image.repository);
      expect(spec(hcp).version).toBe(cfg.fleet.kineT4Image.tag);
      return url.pathname;
    });
    expect(prefixes).toEqual(["/kine-t4/hcp-001", "/kine-t4/hcp-002", "/kine-t4/hcp-003"]);
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatchObject({ kind: "Secret", metadata: { name: "t4-s3-credentials", namespace: "hcpbench-fleet" } });
    expect(Object.keys(shared[0].stringData as object).sort()).toEqual(Object.values(t4CredentialKeys).sort());
    const envPatch = (spec(hcps[0].hcp).patches as { patch: { content: string } }[]).map((p) => JSON.parse(p.patch.content));
    const env = envPatch.flatMap((p) => p.spec?.template?.spec?.containers ?? []).flatMap((c: { env?: unknown[] }) => c.env ?? []);
    expect(env).toEqual(
      Object.values(t4CredentialKeys).map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: "t4-s3-credentials", key } } })),
    );
  });

  it("kine-t4 with 3 replicas: a headless peer Service per HCP, named in the data source and the StatefulSet", () => {
    const { hcps } = build("kine-t4", { replicas: 3 });
    for (const { hcp, companions } of hcps) {
      const name = hcp.metadata.name;
      const svc = companions.find((c) => c.kind === "Service")!;
      expect(svc.metadata.name).toBe(`${name}-t4-peers`);
      expect((svc.spec as Record<string, unknown>).clusterIP).toBe("None");
      expect((svc.spec as { selector: Record<string, string> }).selector).toEqual({ app: "k0smotron", cluster: name, component: "cluster" });
      const url = new URL(storage(hcp).kine.dataSourceURL);
      expect(url.searchParams.get("service-name")).toBe(`${name}-t4-peers.hcpbench-fleet.svc.cluster.local`);
      const contents = (spec(hcp).patches as { patch: { content: string } }[]).map((p) => JSON.parse(p.patch.content));
      expect(contents.some((c) => c.spec?.serviceName === `${name}-t4-peers`)).toBe(true);
    }
  });

  it("t4-standalone: the shared T4 server as external etcd, with a prefix per HCP", () => {
    const { hcps } = build("t4-standalone");
    const t4 = handmadePlatform().t4!;
    const prefixes = hcps.map(({ hcp }) => {
      const patch = (spec(hcp).patches as { target: { kind: string; component: string }; patch: { type: string; content: string } }[]).find(
        (p) => p.target.kind === "ConfigMap",
      )!;
      expect(patch.target.component).toBe("cluster-config");
      expect(patch.patch.type).toBe("merge");
      const k0s = parseYaml(JSON.parse(patch.patch.content).data.K0SMOTRON_K0S_YAML);
      expect(k0s.spec.storage.type).toBe("etcd");
      expect(k0s.spec.storage.etcd.externalCluster.endpoints).toEqual(t4.endpoints);
      expect(k0s.spec.api.sans).toContain(`kmc-${hcp.metadata.name}.hcpbench-fleet.svc`);
      return k0s.spec.storage.etcd.externalCluster.etcdPrefix;
    });
    expect(new Set(prefixes).size).toBe(3);
    expect(prefixes).toEqual(["hcp-001", "hcp-002", "hcp-003"]);
  });
});

describe("Kamaji DataStores", () => {
  it.each([
    ["kamaji-postgres", "PostgreSQL", ["postgres.hcpbench-data.svc.cluster.local:5432"], "postgres-admin"],
    ["kamaji-mysql", "MySQL", ["mysql.hcpbench-data.svc.cluster.local:3306"], "mysql-admin"],
  ])("%s: one fleet DataStore, driver %s, basic auth from the admin Secret", (backend, driver, endpoints, secret) => {
    const { shared, hcps } = build(backend);
    expect(shared).toHaveLength(1);
    const ds = shared[0];
    expect(ds.kind).toBe("DataStore");
    expect(ds.metadata.namespace).toBeUndefined();
    expect(spec(ds).driver).toBe(driver);
    expect(spec(ds).endpoints).toEqual(endpoints);
    expect(spec(ds).basicAuth.password.secretReference).toEqual({ name: secret, namespace: "hcpbench-data", keyPath: "password" });
    expect(spec(ds).basicAuth.username.secretReference).toEqual({ name: secret, namespace: "hcpbench-data", keyPath: "username" });
    for (const { hcp } of hcps) expect(spec(hcp).dataStore).toBe(ds.metadata.name);
  });

  it("kamaji-etcd: etcd driver with the CA pair and the root client pair from kamaji-etcd's Secrets", () => {
    const { shared } = build("kamaji-etcd");
    const ds = shared[0];
    const etcd = handmadePlatform().kamajiEtcd!;
    expect(spec(ds).driver).toBe("etcd");
    expect(spec(ds).endpoints).toEqual(etcd.endpoints);
    const tls = spec(ds).tlsConfig;
    const at = (name: string, keyPath: string) => ({ secretReference: { name, namespace: "kamaji-system", keyPath } });
    expect(tls).toEqual({
      certificateAuthority: { certificate: at("kamaji-etcd-ca", "tls.crt"), privateKey: at("kamaji-etcd-ca", "tls.key") },
      clientCertificate: { certificate: at("kamaji-etcd-root-client", "tls.crt"), privateKey: at("kamaji-etcd-root-client", "tls.key") },
    });
    expect(spec(ds).basicAuth).toBeUndefined();
  });

  it("kamaji-nats: one DataStore per HCP (Kamaji serves one tenant per NATS DataStore), all on the shared server", () => {
    const { shared, hcps } = build("kamaji-nats");
    expect(shared).toHaveLength(0);
    const names = hcps.map(({ hcp, companions }) => {
      const ds = companions.find((c) => c.kind === "DataStore")!;
      expect(spec(ds).driver).toBe("NATS");
      expect(spec(ds).endpoints).toEqual(["nats.hcpbench-data.svc.cluster.local:4222"]);
      expect(spec(ds).basicAuth.password.secretReference.name).toBe("nats-admin");
      expect(spec(hcp).dataStore).toBe(ds.metadata.name);
      return ds.metadata.name;
    });
    expect(new Set(names).size).toBe(3);
  });
});

describe("every backend", () => {
  it.each(k0smotronBackends)("%s: k0s version always set, replicas, ClusterIP service, ControlPlaneFunctional readiness", (backend) => {
    const replicas = backendByName(backend).maxReplicas;
    const { hcps, cfg } = build(backend, { replicas, kubernetesVersion: "1.34.2" });
    for (const { hcp } of hcps) {
      expect(spec(hcp).version).toBe(backend === "kine-t4" ? cfg.fleet.kineT4Image.tag : "v1.34.2-k0s.0");
      expect(spec(hcp).replicas).toBe(replicas);
      expect(spec(hcp).service).toEqual({ type: "ClusterIP", apiPort: 30443, konnectivityPort: 30132 });
      // k0smotron v2.1.0's Available needs ControlPlaneExposed, False without spec.externalAddress (k0smotroncluster_status.go).
      expect(spec(hcp).externalAddress).toBeUndefined();
      expect(hcp.metadata.annotations).toEqual({ "pulumi.com/waitFor": "condition=ControlPlaneFunctional" });
      expect(hcp.metadata.namespace).toBe("hcpbench-fleet");
    }
  });

  it.each([...k0smotronBackends, ...kamajiBackends])("%s: fleet.awaitReady=false creates HCPs the provider does not await (pulumi.com/skipAwait)", (backend) => {
    for (const { hcp } of build(backend, { awaitReady: false }).hcps) {
      // The Kubernetes provider skips every await for an object annotated pulumi.com/skipAwait: "true".
      expect(hcp.metadata.annotations).toEqual({ "pulumi.com/skipAwait": "true" });
    }
  });

  it.each(kamajiBackends)("%s: Kubernetes version, replicas, ClusterIP service with in-cluster SANs, Ready readiness", (backend) => {
    const { hcps } = build(backend, { replicas: 3, kubernetesVersion: "1.34.2" });
    for (const { hcp } of hcps) {
      expect(hcp.kind).toBe("TenantControlPlane");
      expect(spec(hcp).kubernetes.version).toBe("v1.34.2");
      expect(spec(hcp).controlPlane.deployment.replicas).toBe(3);
      expect(spec(hcp).controlPlane.service).toEqual({ serviceType: "ClusterIP", additionalMetadata: { labels: { "hcpbench.io/hcp": hcp.metadata.name } } });
      expect(spec(hcp).networkProfile.certSANs).toContain(`${hcp.metadata.name}.hcpbench-fleet.svc`);
      expect(hcp.metadata.annotations).toEqual({ "pulumi.com/waitFor": "jsonpath={.status.kubernetesResources.version.status}=Ready" });
    }
  });

  it.each(k0smotronBackends)("%s: the preset is the k0s container's limit and request; unlimited sets none", (backend) => {
    const tiny = build(backend, { preset: "tiny" }).hcps[0].hcp;
    expect(spec(tiny).resources).toEqual({ limits: { cpu: "250m", memory: "512Mi" }, requests: { cpu: "250m", memory: "512Mi" } });
    expect(spec(build(backend, { preset: "unlimited" }).hcps[0].hcp).resources).toBeUndefined();
  });

  it.each(kamajiBackends)("%s: the preset split over Kamaji's containers adds up to the preset", (backend) => {
    for (const preset of ["tiny", "small", "medium", "large"] as const) {
      const res = spec(build(backend, { preset }).hcps[0].hcp).controlPlane.deployment.resources as Record<string, { limits: { cpu: string; memory: string } }>;
      const p = sizePresets[preset];
      const containers = Object.values(res);
      expect(containers.reduce((s, r) => s + milli(r.limits.cpu), 0)).toBe(p.milliCpu);
      expect(containers.reduce((s, r) => s + mebi(r.limits.memory), 0)).toBe(p.memoryMiB);
      expect("kine" in res).toBe(backend !== "kamaji-etcd");
    }
    expect(spec(build(backend, { preset: "unlimited" }).hcps[0].hcp).controlPlane.deployment.resources).toBeUndefined();
  });

  it.each(k0smotronBackends)("%s: HCP StatefulSets on the hcp pool via patches", (backend) => {
    const { hcp } = build(backend).hcps[0];
    const placements = (spec(hcp).patches as { target: { kind: string; component: string }; patch: { type: string; content: string } }[])
      .filter((p) => p.target.kind === "StatefulSet")
      .map((p) => ({ component: p.target.component, type: p.patch.type, podSpec: JSON.parse(p.patch.content).spec.template.spec }))
      .filter((p) => p.podSpec.nodeSelector);
    const expected = backend === "etcd" ? ["control-plane", "etcd"] : ["control-plane"];
    expect(placements.map((p) => p.component)).toEqual(expected);
    for (const p of placements) {
      expect(p.type).toBe("strategic");
      expect(p.podSpec.nodeSelector).toEqual(hcpPoolPlacement.nodeSelector);
    }
  });

  it.each(kamajiBackends)("%s: control-plane Deployment on the hcp pool", (backend) => {
    const { hcp } = build(backend).hcps[0];
    expect(spec(hcp).controlPlane.deployment.nodeSelector).toEqual(hcpPoolPlacement.nodeSelector);
  });

  it.each(backends.map((b) => b.name))("%s: no pool pinning on a cluster without pools", (backend) => {
    const cfg = fleetConfig({ backend, count: 1 });
    const b = backendByName(backend);
    const { hcp } = b.hcpObjects({ index: 0, name: "hcp-001", databasePassword: "x" }, fleetContext(cfg, { nodeSelector: {}, tolerations: [] }));
    expect(JSON.stringify(hcp)).not.toContain("nodeSelector");
  });
});

describe("a backend without its datastore", () => {
  it.each(backends.filter((b) => b.datastores.length > 0).map((b) => b.name))("%s names what the platform did not provide", (backend) => {
    const cfg = fleetConfig({ backend, count: 1 });
    const ctx = { ...fleetContext(cfg), platform: { ready: [] } };
    const b = backendByName(backend);
    expect(() => {
      b.fleetObjects(ctx);
      b.hcpObjects({ index: 0, name: "hcp-001", databasePassword: "x" }, ctx);
    }).toThrow(new RegExp(`^${backend}: the platform provides no`));
  });
});
