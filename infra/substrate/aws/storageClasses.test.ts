import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/stackFiles";
import { gp3StorageClass } from "./gp3StorageClass";
import { ioTwoStorageClass } from "./ioTwoStorageClass";

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

describe("gp3StorageClass", () => {
  it("is encrypted gp3 in the same zone, with no provisioned IOPS", () => {
    const sc = gp3StorageClass(cfg);
    expect(sc.metadata.name).toBe("hcpbench-gp3");
    expect(sc.parameters).toEqual({ "csi.storage.k8s.io/fstype": "ext4", encrypted: "true", type: "gp3" });
    expect(sc.allowedTopologies[0].matchLabelExpressions[0].values).toEqual(["eu-central-1b"]);
    expect(sc.volumeBindingMode).toBe("WaitForFirstConsumer");
  });
});
