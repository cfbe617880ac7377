import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { listStacks, loadStackConfig, parseConfig, projectRoot } from "../config/stackFiles";
import { dataVolumeSlots, ebsAttachmentProblems, ebsVolumesByPool } from "./ebsAttachments";
import { plannedVolumes } from "./plannedVolumes";

/*
 * EC2's rule: a Nitro instance such as m5.4xlarge has 28 attachment slots
 * shared by EBS volumes, network interfaces (up to 8 on an m5.4xlarge) and
 * the root volume, so 19 data volumes per node always fit: 57 on the default
 * 3-node hcp pool. A per-HCP EBS volume for 100 HCPs (or 25 HCPs x 3
 * replicas = 75) cannot attach.
 */
describe("EBS attachment slots", () => {
  it("an m5.4xlarge attaches 28 - 1 root - 8 network interfaces = 19 data volumes", () => {
    expect(dataVolumeSlots("m5.4xlarge")).toBe(19);
  });

  it("counts the same volumes as the cost plan, by a second route", () => {
    for (const stack of listStacks().filter((s) => s !== "local")) {
      for (const hcpStorage of ["local-path", "ebs"]) {
        const cfg = loadStackConfig(stack, { overrides: [`cluster.hcpStorage=${hcpStorage}`] });
        const total = Object.values(ebsVolumesByPool(cfg)).reduce((a, b) => a + b, 0);
        expect(total, `${stack} ${hcpStorage}`).toBe(plannedVolumes(cfg).reduce((a, l) => a + l.count, 0));
      }
    }
  });

  it("every default stack keeps its per-HCP data off EBS, so all 33 attach", () => {
    for (const stack of listStacks().filter((s) => s !== "local")) expect(ebsAttachmentProblems(loadStackConfig(stack)), stack).toEqual([]);
  });

  it("refuses per-HCP EBS volumes beyond the pool's slots, naming the numbers", () => {
    const ebs = (backend: string, count: number, replicas = 1) =>
      ebsAttachmentProblems(parseConfig({ fleet: { backend, count, replicas }, cluster: { hcpStorage: "ebs" } }));
    expect(ebs("etcd", 50)).toEqual([]);
    expect(ebs("etcd", 57)).toEqual([]);
    expect(ebs("etcd", 58)).toHaveLength(1);
    expect(ebs("etcd", 100)[0]).toMatch(/^hcpbench:cluster\.pools\.hcp: 100 EBS volumes must attach to 3 x m5\.4xlarge, which attach at most 57 /);
    expect(ebs("etcd", 25, 3)[0]).toMatch(/: 75 EBS volumes .* at most 57 /);
    expect(ebs("kine-nats-embedded", 100)[0]).toMatch(/: 100 EBS volumes/);
    // A larger pool is the opt-in way to keep EBS: 6 nodes attach 114.
    expect(ebsAttachmentProblems(parseConfig({ fleet: { backend: "etcd", count: 100 }, cluster: { hcpStorage: "ebs", pools: { hcp: { count: 6 } } } }))).toEqual([]);
  });

  it("plan exits 2 with that line before evaluating anything", () => {
    const run = spawnSync(process.execPath, [path.join(projectRoot, "bin", "hcpbench.js"), "plan", "etcd-100", "--set", "cluster.hcpStorage=ebs"], {
      cwd: projectRoot,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toMatch(/^hcpbench: hcpbench:cluster\.pools\.hcp: 100 EBS volumes must attach to 3 x m5\.4xlarge, which attach at most 57 /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
