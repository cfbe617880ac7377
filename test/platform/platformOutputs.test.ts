import { describe, expect, it } from "vitest";
import { namespaces } from "../../infra/namespaces";
import { evaluatePlatform, unwrap, type Registered } from "./platformUnderMocks";

/*
 * What the platform hands the fleet, per backend: the datastores it needs and
 * nothing else, addresses that match what it deploys, credentials only as
 * secrets, and a `ready` list to wait on.
 */
const helmValues = (resources: Registered[], release: string) => resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.name === release)?.inputs.values as Record<string, any> | undefined;
const secretNamed = (resources: Registered[], name: string) => resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name === `${namespaces.data}/${name}`);

describe("platform outputs", () => {
  it("kine-postgres: a PostgreSQL server whose admin password is a secret, and nothing else", async () => {
    const { platform, resources } = await evaluatePlatform({ backend: "kine-postgres", count: 10 });
    expect(platform.postgres).toMatchObject({ engine: "postgres", host: "postgres.hcpbench-data.svc.cluster.local", port: 5432, adminSecretName: "postgres-admin", image: "postgres:16.10" });
    const pw = await unwrap(platform.postgres!.adminPassword);
    expect(pw.secret).toBe(true);
    expect(pw.value).toBe("mock-password-platform-postgres-admin");
    expect(secretNamed(resources, "postgres-admin")?.rawInputs.stringData).toMatchObject({ username: "postgres" });
    expect([platform.mysql, platform.minio, platform.t4, platform.nats, platform.kamajiEtcd]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(resources.some((r) => r.name === `${namespaces.data}/postgres` && r.type === "kubernetes:core/v1:Service")).toBe(true);
    // The fleet waits on the operator (Deployment and CRDs), the charts and the database.
    expect(platform.ready.length).toBeGreaterThanOrEqual(7);
  });

  it("t4-standalone: MinIO for T4 with a bucket-scoped user, and the T4 endpoint", async () => {
    const { cfg, platform, resources } = await evaluatePlatform({ backend: "t4-standalone", count: 10 });
    expect(platform.minio).toMatchObject({ endpoint: "http://minio.hcpbench-data.svc.cluster.local:9000", bucket: cfg.objectStore.bucket, region: "us-east-1", credentialsSecretName: "minio-t4" });
    expect((await unwrap(platform.minio!.secretKey)).secret).toBe(true);
    expect(platform.t4).toEqual({ endpoints: ["http://t4.hcpbench-data.svc.cluster.local:3379"] });
    const minio = helmValues(resources, "minio")!;
    expect(minio.users).toEqual([expect.objectContaining({ accessKey: (await unwrap(platform.minio!.accessKey)).value, existingSecret: "minio-t4", policy: "hcpbench-t4-bucket" })]);
    expect(JSON.stringify(minio.policies)).toContain(`arn:aws:s3:::${cfg.objectStore.bucket}/*`);
    expect(JSON.stringify(minio.policies)).not.toContain("arn:aws:s3:::*");
    expect(helmValues(resources, "t4")!.s3).toMatchObject({ bucket: cfg.objectStore.bucket, endpoint: platform.minio!.endpoint, existingSecret: "minio-t4" });
  });

  it("a cluster you bring: MinIO runs with exactly the substrate's root login and also holds the results bucket", async () => {
    const { platform, resources } = await evaluatePlatform({ backend: "etcd", count: 10 }, { sink: "minio" });
    expect(platform.minio?.endpoint).toBe("http://minio.hcpbench-data.svc.cluster.local:9000");
    expect(secretNamed(resources, "minio-root")?.rawInputs.stringData).toEqual({ rootUser: "substrate-access-key", rootPassword: "substrate-secret-key" });
    expect(secretNamed(resources, "minio-root")?.inputs.stringData).toBe("[secret]");
    expect(helmValues(resources, "minio")!.buckets.map((b: { name: string }) => b.name)).toEqual(["hcpbench-t4", "hcpbench-results"]);
    expect(resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword").map((r) => r.name)).not.toContain("platform-minio-root-password");
  });

  it("kamaji-nats: the NATS URL and its login Secret", async () => {
    const { platform, resources } = await evaluatePlatform({ backend: "kamaji-nats", count: 10 });
    expect(platform.nats).toEqual({ url: "nats://nats.hcpbench-data.svc.cluster.local:4222", adminSecretName: "nats-auth" });
    expect(secretNamed(resources, "nats-auth")?.rawInputs.stringData).toMatchObject({ username: "kamaji" });
  });

  it("kamaji-etcd: endpoints and TLS references that match what the kamaji-etcd chart creates", async () => {
    const { platform, resources } = await evaluatePlatform({ backend: "kamaji-etcd", count: 10 });
    const values = helmValues(resources, "kamaji-etcd")!;
    const name = values.fullnameOverride as string;
    expect(platform.kamajiEtcd!.endpoints).toEqual([0, 1, 2].map((i) => `${name}-${i}.${name}.${namespaces.kamaji}.svc.cluster.local:${values.clientPort}`));
    expect(platform.kamajiEtcd!.endpoints).toHaveLength(values.replicas);
    expect(platform.kamajiEtcd).toMatchObject({ tlsSecretName: `${name}-client-certs`, caSecretName: `${name}-ca`, tlsSecretNamespace: namespaces.kamaji });
    expect(platform.kamajiEtcd!.dataStoreTls.caPrivateKey).toEqual({ name: `${name}-ca`, namespace: namespaces.kamaji, keyPath: "tls.key" });
    // The chart's CA is signed by an Issuer the platform registers beside it.
    const issuer = resources.find((r) => r.type === "kubernetes:cert-manager.io/v1:Issuer")!.inputs as { metadata: { name: string; namespace: string }; spec: unknown };
    expect(issuer).toMatchObject({ metadata: { name: values.certManager.issuerRef.name, namespace: namespaces.kamaji }, spec: { selfSigned: {} } });
    expect(helmValues(resources, "kamaji")!["kamaji-etcd"]).toEqual({ deploy: false });
  });
});
