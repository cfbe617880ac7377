import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/stackFiles";
import { controlPlaneLogGroupArgs, corednsAddonArgs, eksClusterArgs } from "./eksClusterSpec";

const refs = { name: "hcpbench-etcd-10", vpcId: "vpc-1", privateSubnetIds: ["a", "b"], publicSubnetIds: ["c", "d"], secretsKeyArn: "arn:kms", tags: { t: "v" } };
const cfg = (apiAccessCidrs: string[]) => parseConfig({ aws: { apiAccessCidrs }, fleet: { backend: "etcd", count: 1 } });

describe("eksClusterArgs", () => {
  it("keeps the API private when no CIDR is allowed", () => {
    const args = eksClusterArgs(cfg([]), refs);
    expect(args).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
    expect(args).not.toHaveProperty("publicAccessCidrs");
  });

  it("opens the public endpoint to exactly the configured CIDRs", () => {
    const args = eksClusterArgs(cfg(["198.51.100.7/32", "203.0.113.0/24"]), refs);
    expect(args).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["198.51.100.7/32", "203.0.113.0/24"] });
  });

  it("uses access entries, an OIDC provider for IRSA, envelope encryption and control-plane logs, and no default nodes", () => {
    const args = eksClusterArgs(cfg([]), refs);
    expect(args).toMatchObject({
      authenticationMode: "API",
      createOidcProvider: true,
      encryptionConfigKeyArn: "arn:kms",
      skipDefaultNodeGroup: true,
      skipDefaultSecurityGroups: true,
      version: "1.33",
    });
    expect(args.enabledClusterLogTypes).toEqual(expect.arrayContaining(["api", "audit", "authenticator"]));
  });

  it("leaves CoreDNS out of the eks.Cluster component, by pulumi-eks 4.3's own rule", () => {
    // pulumi-eks nodejs/eks/cluster.ts (createCore): the component creates and awaits a CoreDNS add-on when
    // `corednsAddonOptions.enabled === true || corednsAddonOptions.configurationValues`, or when
    // `(fargate || !skipDefaultNodeGroup) && (enabled ?? true)`. Without nodes it never turns ACTIVE.
    const args = eksClusterArgs(cfg([]), refs);
    const o = args.corednsAddonOptions;
    const explicitlyEnabled = o?.enabled === true || Boolean(o?.configurationValues);
    const implicitlyEnabled = (Boolean(args.fargate) || !args.skipDefaultNodeGroup) && (o?.enabled ?? true);
    expect(explicitlyEnabled || implicitlyEnabled).toBe(false);
  });

  it("owns the control-plane log group EKS writes to (/aws/eks/<cluster name>/cluster), so destroy removes it", () => {
    const args = eksClusterArgs(cfg([]), refs);
    expect(args.name).toBe("hcpbench-etcd-10");
    // EKS user guide, "Send control plane logs to CloudWatch Logs": the group is /aws/eks/<cluster-name>/cluster.
    expect(controlPlaneLogGroupArgs("hcpbench-etcd-10")).toMatchObject({ name: "/aws/eks/hcpbench-etcd-10/cluster" });
    expect(controlPlaneLogGroupArgs("x").retentionInDays).toBeGreaterThan(0);
  });

  it("places CoreDNS, its own add-on, on the control pool", () => {
    const addon = corednsAddonArgs("eks-cluster");
    expect(addon).toMatchObject({ clusterName: "eks-cluster", addonName: "coredns", resolveConflictsOnCreate: "OVERWRITE" });
    expect(JSON.parse(String(addon.configurationValues))).toEqual({
      nodeSelector: { "hcpbench.io/pool": "control" },
      tolerations: [{ key: "hcpbench.io/pool", operator: "Equal", value: "control", effect: "NoSchedule" }],
    });
  });
});
