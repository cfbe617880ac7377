import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { orphanPlan, parseArn } from "../../scripts/automation/gc/orphanPlan";
import { Harness, apiAccess, setFlags } from "./harness";

const acct = "arn:aws:%s:us-east-1:111122223333:%s";
const arn = (service: string, resource: string) => acct.replace("%s", service).replace("%s", resource);
const tags = (stack: string) => ({ "hcpbench:stack": stack, "hcpbench:project": "hcpbench" });

describe("orphanPlan", () => {
  it("keeps live stacks' resources and orders the rest by what depends on what", () => {
    const plan = orphanPlan(
      [
        { arn: arn("ec2", "vpc/vpc-1"), tags: tags("gone-10") },
        { arn: "arn:aws:s3:::hcpbench-results-gone", tags: tags("gone-10") },
        { arn: arn("ec2", "subnet/subnet-1"), tags: tags("gone-10") },
        { arn: arn("eks", "cluster/gone"), tags: tags("gone-10") },
        { arn: arn("eks", "nodegroup/gone/hcp/abcd-1234"), tags: tags("gone-10") },
        { arn: arn("ec2", "vpc/vpc-live"), tags: tags("live-10") },
        { arn: arn("ec2", "vpc/vpc-untagged"), tags: {} },
      ],
      new Set(["live-10"]),
      "us-east-1",
    );
    expect(plan.map((s) => s.kind)).toEqual(["eks:nodegroup", "eks:cluster", "ec2:subnet", "ec2:vpc", "s3:bucket"]);
    expect(plan[0].command).toBe("aws eks delete-nodegroup --region us-east-1 --cluster-name gone --nodegroup-name hcp");
    expect(plan.filter((s) => s.hcpbenchDeletes).map((s) => s.arn)).toEqual(["arn:aws:s3:::hcpbench-results-gone"]);
  });

  it("lists EBS volumes of hcpbench claims that carry no stack tag (made before the storage classes tagged them), and nothing else untagged", () => {
    const claim = (ns: string) => ({ "kubernetes.io/created-for/pvc/namespace": ns, "kubernetes.io/created-for/pvc/name": "data-postgres-0" });
    const plan = orphanPlan(
      [
        { arn: arn("ec2", "volume/vol-data"), tags: claim("hcpbench-data") },
        { arn: arn("ec2", "volume/vol-fleet"), tags: claim("hcpbench-fleet") },
        { arn: arn("ec2", "volume/vol-other-app"), tags: claim("default") },
        { arn: arn("ec2", "volume/vol-live"), tags: { ...claim("hcpbench-data"), ...tags("live-10") } },
        { arn: arn("ec2", "subnet/subnet-nameless"), tags: claim("hcpbench-data") },
      ],
      new Set(["live-10"]),
      "us-east-1",
    );
    expect(plan.map((s) => [s.stack, s.command])).toEqual([
      ["(no stack tag)", "aws ec2 delete-volume --region us-east-1 --volume-id vol-data"],
      ["(no stack tag)", "aws ec2 delete-volume --region us-east-1 --volume-id vol-fleet"],
    ]);
  });

  it("names an unknown type instead of guessing a command", () => {
    expect(parseArn("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/x/123")).toEqual({ kind: "elasticloadbalancing:loadbalancer", id: "net/x/123" });
    const [step] = orphanPlan([{ arn: arn("sqs", "queue1"), tags: tags("gone") }], new Set(), "us-east-1");
    expect(step.command).toContain("delete arn:aws:sqs");
  });
});

describe("hcpbench gc", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start();
  });
  afterEach(async () => {
    await h.stop();
  });

  it("lists leftovers of stacks that are not live, and with --delete removes only empty buckets", async () => {
    expect((await h.run(["up", "etcd-10", ...setFlags([apiAccess, "bench.enabled=false"])])).code).toBe(0);
    const emptyBucket = path.join(h.cloud.bucketDir, "hcpbench-results-empty");
    const fullBucket = path.join(h.cloud.bucketDir, "hcpbench-results-full");
    fs.mkdirSync(emptyBucket, { recursive: true });
    fs.mkdirSync(path.join(fullBucket, "results"), { recursive: true });
    fs.writeFileSync(path.join(fullBucket, "results", "result.json"), "{}");
    h.cloud.tagged.push(
      { arn: arn("ec2", "vpc/vpc-live"), tags: tags("etcd-10") },
      { arn: arn("ec2", "vpc/vpc-gone"), tags: tags("kine-mysql-10") },
      { arn: arn("eks", "nodegroup/kine-mysql-10/hcp/1"), tags: tags("kine-mysql-10") },
      { arn: "arn:aws:s3:::hcpbench-results-empty", tags: tags("kine-mysql-10") },
      { arn: "arn:aws:s3:::hcpbench-results-full", tags: tags("kine-mysql-10") },
    );
    const env = { AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API: h.cloud.url };

    const list = await h.run(["gc", "--region", "us-east-1"], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain("live stacks in file://");
    expect(list.stdout).toContain("4 leftover hcpbench resource(s) in us-east-1");
    expect(list.stdout).not.toContain("vpc-live");
    expect(list.stdout.indexOf("eks:nodegroup")).toBeLessThan(list.stdout.indexOf("ec2:vpc"));
    expect(fs.existsSync(emptyBucket)).toBe(true);

    const del = await h.run(["gc", "--region", "us-east-1", "--delete"], env);
    expect(del.code).toBe(1);
    expect(del.stdout).toContain("deleted empty bucket hcpbench-results-empty");
    expect(del.stdout).toContain("kept bucket hcpbench-results-full: holds 1 object versions");
    expect(del.stdout).toContain("aws eks delete-nodegroup --region us-east-1 --cluster-name kine-mysql-10 --nodegroup-name hcp");
    expect(del.stdout).toContain("aws ec2 delete-vpc --region us-east-1 --vpc-id vpc-gone");
    expect(fs.existsSync(emptyBucket)).toBe(false);
    expect(fs.existsSync(path.join(fullBucket, "results", "result.json"))).toBe(true);
  });

  it("needs a region", async () => {
    const r = await h.run(["gc"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--region");
    const bad = await h.run(["gc", "--region", "mars"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--region: must be an AWS region such as us-east-1 (got "mars")');
  });
});
