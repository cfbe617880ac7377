import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/stackFiles";
import { gp3StorageClass } from "./gp3StorageClass";
import { ioTwoDatastoreStorageClass, ioTwoStorageClass } from "./ioTwoStorageClass";
import { datastoreIopsProblems } from "../../cost/io2Iops";

const cfg = parseConfig({
  aws: { region: "eu-central-1", az: "eu-central-1b" },
  databases: { volume: { sizeGiB: 200, iops: 12000 } },
  fleet: { backend: "kine-postgres", count: 10 },
});

describe("ioTwoStorageClass", () => {
  const sc = ioTwoStorageClass(cfg);

  it("provisions encrypted io2 through the EBS CSI driver with the configured IOPS per volume", () => {
    expect(sc.provisioner).toBe("ebs.csi.aws.com");
    expect(sc.parameters).toMatchObject({ type: "io2", iops: "12000", encrypted: "true" });
    // Absolute IOPS, not per GiB: the database volume gets exactly databases.volume.iops whatever its size.
    expect(sc.parameters).not.toHaveProperty("iopsPerGB");
    // StorageClass parameters are strings on the wire.
    for (const v of Object.values(sc.parameters)) expect(typeof v).toBe("string");
  });

  it("binds where the pod lands, and only in the test-bed's zone", () => {
    expect(sc.volumeBindingMode).toBe("WaitForFirstConsumer");
    expect(sc.allowedTopologies).toEqual([{ matchLabelExpressions: [{ key: "topology.ebs.csi.aws.com/zone", values: ["eu-central-1b"] }] }]);
  });

  it("is a complete storage.k8s.io/v1 object", () => {
    expect(sc).toMatchObject({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "hcpbench-io2" }, reclaimPolicy: "Delete" });
  });
});

describe("io2 IOPS per volume kind", () => {
  it("gives the shared datastores' volumes their own IOPS, not the SQL servers'", () => {
    expect(ioTwoDatastoreStorageClass(cfg).parameters).toMatchObject({ type: "io2", iops: "3000", encrypted: "true" });
    expect(ioTwoDatastoreStorageClass(cfg).metadata.name).toBe("hcpbench-io2-datastore");
    const tuned = parseConfig({ databases: { datastoreIops: 8000 }, fleet: { backend: "kamaji-etcd", count: 10 } });
    expect(ioTwoDatastoreStorageClass(tuned).parameters.iops).toBe("8000");
  });

  // EBS: io2 takes at most 1000 IOPS per GiB of the volume (provisioned-iops.html); the datastore volumes are 20 GiB.
  it("checks each datastore volume against its own size: 20 GiB carries at most 20,000 IOPS", () => {
    const at = (backend: "kamaji-etcd" | "kamaji-nats" | "t4-standalone" | "etcd", datastoreIops: number) => datastoreIopsProblems(parseConfig({ databases: { datastoreIops }, fleet: { backend, count: 10 } }));
    expect(at("kamaji-etcd", 20000)).toEqual([]);
    expect(at("kamaji-etcd", 20001)).toEqual(["hcpbench:databases.datastoreIops: must be at most 1000 per GiB of the 20 GiB kamaji-etcd member volume for io2: at most 20000 (got 20001)"]);
    expect(at("kamaji-nats", 20001)).toEqual([expect.stringContaining("20 GiB NATS JetStream volume")]);
    expect(at("t4-standalone", 20001)).toEqual([expect.stringContaining("20 GiB T4 volume")]);
    // A stack with no shared datastore volume has nothing to check.
    expect(at("etcd", 20001)).toEqual([]);
    // The SQL servers' large IOPS no longer reach the 20 GiB volumes: 50,000 on a 100 GiB database volume is valid for it alone.
    expect(datastoreIopsProblems(parseConfig({ databases: { volume: { sizeGiB: 100, iops: 50000 } }, fleet: { backend: "kamaji-etcd", count: 10 } }))).toEqual([]);
  });
});

describe("gp3StorageClass", () => {
  it("is encrypted gp3 in the same zone, with no provisioned IOPS", () => {
    const sc = gp3StorageClass(cfg);
    expect(sc.metadata.name).toBe("hcpbench-gp3");
    expect(sc.parameters).toEqual({ "csi.storage.k8s.io/fstype": "ext4", encrypted: "true", type: "gp3" });
    expect(sc.allowedTopologies[0].matchLabelExpressions[0].values).toEqual(["eu-central-1b"]);
    expect(sc.volumeBindingMode).toBe("WaitForFirstConsumer");
  });
});
