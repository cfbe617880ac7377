import { beforeAll, describe, expect, it } from "vitest";
import type { Config, PoolName } from "../../infra/config/schema";
import { eksSecondaryAz } from "../../infra/config/schema";
import { listStacks } from "../../infra/config/stackFiles";
import type { EvaluatedResource } from "../../infra/plan/evaluate";
import type { PolicyDocument } from "../../infra/substrate/aws/iamPolicies";
import { runPlan } from "../../scripts/plan/runPlan";
import { backendByName } from "../../workloads/backends/registry";
import { isAllowed } from "../security/iamSimulator";

/*
 * The AWS substrate of every AWS stack, evaluated under Pulumi mocks: one zone
 * for everything that runs, node groups as configured, database pools only
 * where the backend needs them, pools labelled and tainted, the io2 class, and
 * a bench role that can do nothing but write its results.
 */
interface Planned {
  readonly cfg: Config;
  readonly resources: EvaluatedResource[];
}

const stacks = listStacks().filter((s) => s !== "local");
const planned = new Map<string, Planned>();

beforeAll(async () => {
  for (const stack of stacks) {
    const { cfg, evaluation } = await runPlan(stack);
    planned.set(stack, { cfg, resources: evaluation.resources });
  }
}, 300_000);

const ofType = (p: Planned, type: string) => p.resources.filter((r) => r.type === type);
const byId = (p: Planned, id: unknown) => p.resources.find((r) => `${r.name}-id` === id);
const one = (p: Planned, type: string, name: string) => {
  const found = p.resources.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0];
};

/** Pools a backend needs, from its descriptor alone. */
function expectedPools(cfg: Config): PoolName[] {
  const stores: readonly string[] = backendByName(cfg.fleet.backend).datastores;
  return (["control", "hcp", "db-postgres", "db-mysql"] as const).filter(
    (p) => p === "control" || p === "hcp" || stores.includes(p.replace("db-", "")),
  );
}

describe.each(stacks)("%s", (stack) => {
  const p = () => planned.get(stack)!;

  it("puts every node group in the main zone's private subnet only", () => {
    const { cfg } = p();
    const groups = ofType(p(), "eks:index:ManagedNodeGroup");
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      const subnets = (g.inputs.subnetIds as string[]).map((id) => byId(p(), id));
      expect(subnets.length).toBe(1);
      for (const s of subnets) {
        expect(s?.type).toBe("aws:ec2/subnet:Subnet");
        expect(s?.inputs.availabilityZone).toBe(cfg.aws.az);
        expect(s?.inputs.mapPublicIpOnLaunch).toBe(false);
      }
    }
  });

  it("uses the second zone only for the EKS control plane's subnets", () => {
    const { cfg } = p();
    const subnets = ofType(p(), "aws:ec2/subnet:Subnet");
    const zones = new Set(subnets.map((s) => s.inputs.availabilityZone));
    expect(zones).toEqual(new Set([cfg.aws.az, eksSecondaryAz(cfg)]));
    const [cluster] = ofType(p(), "eks:index:Cluster");
    const clusterSubnets = [...(cluster.inputs.privateSubnetIds as string[]), ...(cluster.inputs.publicSubnetIds as string[])];
    const secondary = subnets.filter((s) => s.inputs.availabilityZone !== cfg.aws.az).map((s) => `${s.name}-id`);
    expect(secondary.length).toBeGreaterThan(0);
    for (const id of secondary) expect(clusterSubnets).toContain(id);
    // Nothing else refers to a second-zone subnet except its route table association.
    const users = p().resources.filter(
      (r) => r.type !== "eks:index:Cluster" && r.type !== "aws:ec2/routeTableAssociation:RouteTableAssociation" && secondary.some((id) => JSON.stringify(r.inputs).includes(`"${id}"`)),
    );
    expect(users.map((r) => `${r.type} ${r.name}`)).toEqual([]);
    expect(new Set(ofType(p(), "aws:ec2/natGateway:NatGateway").map((n) => byId(p(), n.inputs.subnetId)?.inputs.availabilityZone))).toEqual(new Set([cfg.aws.az]));
  });

  it("creates the node groups the backend needs, with the configured types and counts", () => {
    const { cfg } = p();
    const groups = ofType(p(), "eks:index:ManagedNodeGroup");
    const pools = groups.map((g) => (g.inputs.labels as Record<string, string>)["hcpbench.io/pool"]);
    expect(pools.sort()).toEqual([...expectedPools(cfg)].sort());
    for (const g of groups) {
      const pool = (g.inputs.labels as Record<string, string>)["hcpbench.io/pool"] as PoolName;
      expect(g.inputs.instanceTypes).toEqual([cfg.cluster.pools[pool].instanceType]);
      const n = cfg.cluster.pools[pool].count;
      expect(g.inputs.scalingConfig).toEqual({ minSize: n, desiredSize: n, maxSize: n });
    }
  });

  it("labels every pool and taints every pool but hcp", () => {
    for (const g of ofType(p(), "eks:index:ManagedNodeGroup")) {
      const pool = (g.inputs.labels as Record<string, string>)["hcpbench.io/pool"];
      expect(g.inputs.taints).toEqual(pool === "hcp" ? [] : [{ key: "hcpbench.io/pool", value: pool, effect: "NO_SCHEDULE" }]);
    }
  });

  it("offers an encrypted io2 class with the configured IOPS in the zone, and a gp3 class", () => {
    const { cfg } = p();
    const io2 = one(p(), "kubernetes:storage.k8s.io/v1:StorageClass", "io2");
    expect(io2.inputs).toMatchObject({
      metadata: { name: "hcpbench-io2" },
      provisioner: "ebs.csi.aws.com",
      parameters: { type: "io2", iops: String(cfg.databases.volume.iops), encrypted: "true" },
      volumeBindingMode: "WaitForFirstConsumer",
      allowedTopologies: [{ matchLabelExpressions: [{ key: "topology.ebs.csi.aws.com/zone", values: [cfg.aws.az] }] }],
    });
    expect(one(p(), "kubernetes:storage.k8s.io/v1:StorageClass", "gp3").inputs).toMatchObject({ parameters: { type: "gp3", encrypted: "true" } });
  });

  it("creates the add-ons that run pods (CoreDNS, EBS CSI) after every node group, not inside the eks.Cluster component", () => {
    // An EKS add-on with pods turns ACTIVE only once they run, and the AWS provider waits for ACTIVE.
    const groups = ofType(p(), "eks:index:ManagedNodeGroup");
    const cluster = one(p(), "eks:index:Cluster", "eks");
    expect((cluster.inputs.corednsAddonOptions as { enabled?: boolean }).enabled).toBe(false);
    for (const name of ["coredns", "ebs-csi"]) {
      const addon = one(p(), "aws:eks/addon:Addon", name);
      expect(addon.dependsOn, name).toEqual(expect.arrayContaining(groups.map((g) => g.urn)));
    }
    expect(one(p(), "aws:eks/addon:Addon", "coredns").inputs.addonName).toBe("coredns");
  });

  it("creates the cluster's control-plane log group before the cluster, under the name EKS writes to", () => {
    const cluster = one(p(), "eks:index:Cluster", "eks");
    const group = one(p(), "aws:cloudwatch/logGroup:LogGroup", "eks-control-plane-logs");
    expect(group.inputs.name).toBe(`/aws/eks/${cluster.inputs.name}/cluster`);
    expect(cluster.dependsOn).toContain(group.urn);
  });

  it("tags every EBS volume the CSI driver creates with the stack, as tagSpecification_N key=value parameters", () => {
    const classes = ofType(p(), "kubernetes:storage.k8s.io/v1:StorageClass").filter((c) => c.inputs.provisioner === "ebs.csi.aws.com");
    // io2 for the SQL servers, io2 for the shared datastores (their own IOPS), gp3 for the rest.
    expect(classes.map((c) => (c.inputs.metadata as { name: string }).name).sort()).toEqual(["hcpbench-gp3", "hcpbench-io2", "hcpbench-io2-datastore"]);
    for (const c of classes) {
      const params = c.inputs.parameters as Record<string, string>;
      const specs = Object.keys(params).filter((k) => k.startsWith("tagSpecification_"));
      // The driver reads tagSpecification_1, _2, ... : consecutive from 1.
      expect(specs.map((k) => Number(k.split("_")[1])).sort((a, b) => a - b)).toEqual(specs.map((_, i) => i + 1));
      expect(specs.map((k) => params[k])).toContain(`hcpbench:stack=${stack}`);
    }
  });

  it("keeps each HCP's own volume on its node's disk (local-path), never an EBS attachment", () => {
    const local = ofType(p(), "kubernetes:storage.k8s.io/v1:StorageClass").filter((c) => c.inputs.provisioner === "rancher.io/local-path");
    expect(local).toHaveLength(1);
    const className = (local[0].inputs.metadata as { name: string }).name;
    const provisioner = ofType(p(), "kubernetes:apps/v1:Deployment").find((d) => (d.inputs.metadata as { name: string }).name === "local-path-provisioner");
    expect(provisioner, "the provisioner runs").toBeDefined();
    for (const c of ofType(p(), "kubernetes:k0smotron.io/v1beta2:Cluster")) {
      const storage = (c.inputs.spec as { storage: Record<string, { persistence?: { storageClass?: string } }> }).storage;
      for (const kind of ["etcd", "nats"]) if (storage[kind]?.persistence) expect(storage[kind].persistence!.storageClass, c.name).toBe(className);
    }
  });

  it("runs the EBS CSI driver as an add-on with its own IRSA role, trusted by its controller only", () => {
    const addon = one(p(), "aws:eks/addon:Addon", "ebs-csi");
    expect(addon.inputs.addonName).toBe("aws-ebs-csi-driver");
    const role = one(p(), "aws:iam/role:Role", "ebs-csi-role");
    expect(addon.inputs.serviceAccountRoleArn).toMatch(/:role\/ebs-csi-role$/);
    const trust = JSON.parse(role.inputs.assumeRolePolicy as string) as PolicyDocument;
    expect(JSON.stringify(trust.Statement[0].Condition)).toContain('"system:serviceaccount:kube-system:ebs-csi-controller-sa"');
    expect(ofType(p(), "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.name.startsWith("ebs-csi-role")).map((a) => a.inputs.policyArn)).toEqual([
      "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
    ]);
  });

  it("lets the bench role write results under the prefix and do nothing else", () => {
    const { cfg } = p();
    const role = one(p(), "aws:iam/role:Role", "bench-role");
    const trust = JSON.parse(role.inputs.assumeRolePolicy as string) as PolicyDocument;
    expect(trust.Statement).toHaveLength(1);
    expect(Object.values(trust.Statement[0].Condition?.StringEquals ?? {})).toContain("system:serviceaccount:hcpbench-bench:hcpbench-bench");
    // Its only permissions: one inline policy, no managed policy.
    const attached = p().resources.filter((r) => r.custom && r.name.startsWith("bench-role") && r.type !== "aws:iam/role:Role");
    expect(attached.map((r) => r.type)).toEqual(["aws:iam/rolePolicy:RolePolicy"]);
    const policy = JSON.parse(attached[0].inputs.policy as string) as PolicyDocument;
    const bucketArn = (policy.Statement.find((s) => s.Action === "s3:ListBucket")?.Resource as string) ?? "";
    expect(bucketArn).toMatch(/^arn:aws:s3:::hcpbench-results-/);
    const prefix = cfg.results.prefix;
    const key = `${bucketArn}/${prefix}/${cfg.results.sweepId}/${stack}/create-list/c50/run-1/result.json`;
    expect(isAllowed(policy, { action: "s3:PutObject", resource: key })).toBe(true);
    expect(isAllowed(policy, { action: "s3:PutObject", resource: `${bucketArn}/elsewhere/result.json` })).toBe(false);
    for (const action of ["s3:DeleteObject", "s3:PutBucketPolicy", "s3:PutObjectAcl", "s3:GetBucketAcl", "s3:ListAllMyBuckets", "ec2:DescribeInstances", "iam:PassRole"]) {
      expect(isAllowed(policy, { action, resource: key }), action).toBe(false);
      expect(isAllowed(policy, { action, resource: bucketArn }), action).toBe(false);
    }
    expect(isAllowed(policy, { action: "s3:ListBucket", resource: bucketArn, context: { "s3:prefix": `${prefix}/${cfg.results.sweepId}/` } })).toBe(true);
    expect(isAllowed(policy, { action: "s3:ListBucket", resource: bucketArn, context: { "s3:prefix": "" } })).toBe(false);
  });
});
