import { describe, expect, it } from "vitest";
import { parseConfig } from "../config/stackFiles";
import type { PlannedResource } from "../plan/evaluate";
import { billFromResources } from "./billFromResources";

const res = (type: string, name: string, inputs: Record<string, unknown>, custom = true): PlannedResource => ({
  type,
  name,
  inputs,
  parents: [],
  custom,
  provider: "",
});
const sc = (name: string, parameters: Record<string, string>) =>
  res("kubernetes:storage.k8s.io/v1:StorageClass", name, { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name }, provisioner: "ebs.csi.aws.com", parameters });

const pvc = (name: string, namespace: string, storageClassName: string, storage: string) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name, namespace },
  spec: { storageClassName, resources: { requests: { storage } } },
});

const base = [
  sc("io2", { type: "io2", iops: "5000" }),
  sc("gp3", { type: "gp3" }),
  res("kubernetes:storage.k8s.io/v1:StorageClass", "local", { metadata: { name: "local" }, provisioner: "rancher.io/local-path", parameters: {} }),
  res("aws:ec2/launchTemplate:LaunchTemplate", "db-lt", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 80 } }] }),
  res("eks:index:ManagedNodeGroup", "db-nodes", {
    instanceTypes: ["r6i.xlarge"],
    scalingConfig: { desiredSize: 2, minSize: 2, maxSize: 2 },
    labels: { "hcpbench.io/pool": "db-postgres" },
    launchTemplate: { id: "db-lt-id", version: "1" },
  }, false),
  res("eks:index:Cluster", "eks", {}, false),
  res("aws:ec2/natGateway:NatGateway", "nat", {}),
  res("aws:ec2/eip:Eip", "nat-ip", {}),
  res("aws:kms/key:Key", "k", {}),
];

const cfg = parseConfig({ fleet: { backend: "kine-postgres", count: 10 } });

describe("billFromResources", () => {
  it("reads node groups with the root volume of their launch template, and the fixed parts", () => {
    const bill = billFromResources(cfg, base);
    expect(bill.nodes).toEqual([{ pool: "db-postgres", instanceType: "r6i.xlarge", count: 2, rootVolumeGiB: 80 }]);
    expect(bill).toMatchObject({ region: "us-east-1", eksClusters: 1, natGateways: 1, publicIpv4Addresses: 1, kmsKeys: 1, volumes: [] });
  });

  it("counts PVCs, and StatefulSet claim templates once per replica, on EBS classes only", () => {
    const bill = billFromResources(cfg, [
      ...base,
      res("kubernetes:apps/v1:StatefulSet", "pg", {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "postgres", namespace: "data" },
        spec: { replicas: 3, volumeClaimTemplates: [{ spec: { storageClassName: "io2", resources: { requests: { storage: "100Gi" } } } }] },
      }),
      res("kubernetes:core/v1:PersistentVolumeClaim", "m", pvc("minio", "data", "gp3", "50Gi")),
      res("kubernetes:core/v1:PersistentVolumeClaim", "l", pvc("x", "data", "local", "50Gi")),
      // Objects inside a YAML ConfigGroup count like registered ones.
      { ...res("kubernetes:yaml/v2:ConfigGroup", "extras", { objs: [pvc("scratch", "bench", "gp3", "10Gi")] }), custom: false },
    ]);
    expect(bill.volumes).toEqual([
      { owner: "StatefulSet data/postgres", type: "io2", sizeGiB: 100, iops: 5000, count: 3 },
      { owner: "PersistentVolumeClaim data/minio", type: "gp3", sizeGiB: 50, iops: 0, count: 1 },
      { owner: "PersistentVolumeClaim bench/scratch", type: "gp3", sizeGiB: 10, iops: 0, count: 1 },
    ]);
  });

  it("finds storage requests in Helm values and custom resources, times the nearest replica count, one line per shape", () => {
    const bill = billFromResources(cfg, [
      ...base,
      res("kubernetes:helm.sh/v3:Release", "etcd", {
        name: "kamaji-etcd",
        namespace: "data",
        values: { replicas: 3, persistentVolumeClaim: { storageClassName: "io2", size: "10Gi" } },
      }),
      res("kubernetes:helm.sh/v3:Release", "prom", {
        name: "prometheus",
        values: { prometheus: { prometheusSpec: { storageSpec: { volumeClaimTemplate: { spec: { storageClassName: "gp3", resources: { requests: { storage: "20Gi" } } } } } } } },
      }),
      ...[1, 2].map((i) =>
        res("kubernetes:k0smotron.io/v1beta2:Cluster", `hcp-${i}`, {
          apiVersion: "k0smotron.io/v1beta2",
          kind: "Cluster",
          metadata: { name: `hcp-${i}`, namespace: "fleet" },
          spec: { replicas: 3, storage: { type: "etcd", etcd: { persistence: { storageClass: "gp3", size: "1Gi" } } } },
        }),
      ),
    ]);
    expect(bill.volumes).toEqual([
      { owner: "Helm release data/kamaji-etcd", type: "io2", sizeGiB: 10, iops: 5000, count: 3 },
      { owner: "Helm release/prometheus", type: "gp3", sizeGiB: 20, iops: 0, count: 1 },
      { owner: "Cluster fleet/hcp-1 … hcp-2", type: "gp3", sizeGiB: 1, iops: 0, count: 6 },
    ]);
  });

  it("bills nothing on the existing substrate", () => {
    const existing = parseConfig({ substrate: "existing", fleet: { backend: "etcd", count: 3 } });
    expect(billFromResources(existing, base)).toMatchObject({ nodes: [], volumes: [], eksClusters: 0, natGateways: 0 });
  });
});
