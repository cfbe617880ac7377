import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Config, PoolName } from "../../config/schema";
import { benchServiceAccount, namespaces } from "../../namespaces";
import { placementFor, poolsFor } from "../pools";
import type { Placement, ResultsSink, Substrate } from "../substrate";
import { projectTagKey, stackTagKey, stackTags } from "./awsTags";
import { ebsCsiAddonArgs, ebsCsiControllerServiceAccount } from "./ebsCsiDriverSpec";
import { controlPlaneLogGroupArgs, corednsAddonArgs, eksClusterArgs, eksClusterName } from "./eksClusterSpec";
import { gp3StorageClass, gp3StorageClassName } from "./gp3StorageClass";
import { benchResultsPolicy, ebsCsiDriverPolicyArn, ec2AssumeRolePolicy, nodeManagedPolicyArns } from "./iamPolicies";
import { ioTwoDatastoreStorageClass, ioTwoDatastoreStorageClassName, ioTwoStorageClass, ioTwoStorageClassName } from "./ioTwoStorageClass";
import { localPathProvisionerObjects, localPathStorageClassName } from "./localPathProvisioner";
import { registerKubeObject } from "../../kubernetes/registerKubeObject";
import { IrsaRole } from "./irsaRole";
import { Network } from "./network";
import { launchTemplateArgs, nodeGroupArgs } from "./nodePoolSpec";
import { VolumeDrain } from "./volumeDrainResource";
import { ResultsBucket } from "./resultsBucket";

/**
 * How long `destroy` waits for the stack's PVs before it stops with their names: the EBS CSI driver
 * deletes a volume within seconds of its claim, but a detach from a draining node can take minutes.
 */
const volumeDrainTimeoutSeconds = 900;

/**
 * The AWS test-bed: a VPC in one zone, EKS with one managed node group per
 * pool, the EBS CSI driver with io2 and gp3 classes, and a private results
 * bucket the bench may write to only under its prefix. Every AWS resource
 * goes through one explicit provider whose default tags name the stack.
 */
export class AwsSubstrate extends pulumi.ComponentResource implements Substrate {
  readonly provider: k8s.Provider;
  readonly storageClasses: Substrate["storageClasses"];
  readonly resultsSink: ResultsSink;
  readonly kubeconfig: pulumi.Output<string>;
  readonly ready: pulumi.Resource[];

  constructor(name: string, cfg: Config, opts: pulumi.ComponentResourceOptions = {}) {
    super("hcpbench:substrate:Aws", name, {}, opts);
    const tags = stackTags(cfg, pulumi.getStack(), pulumi.getProject());
    const awsProvider = new aws.Provider("aws", { region: cfg.aws.region as aws.Region, defaultTags: { tags } }, { parent: this });
    const onAws = { parent: this, provider: awsProvider };
    const componentOnAws = { parent: this, providers: { aws: awsProvider } };

    const network = new Network("net", cfg, componentOnAws);
    const secretsKey = new aws.kms.Key(
      "eks-secrets",
      { description: "hcpbench: envelope encryption of Kubernetes Secrets", enableKeyRotation: true, deletionWindowInDays: 7 },
      onAws,
    );
    const clusterName = eksClusterName(pulumi.getStack());
    const logGroup = new aws.cloudwatch.LogGroup("eks-control-plane-logs", controlPlaneLogGroupArgs(clusterName), onAws);
    const cluster = new eks.Cluster(
      "eks",
      eksClusterArgs(cfg, {
        name: clusterName,
        vpcId: network.vpcId,
        privateSubnetIds: network.clusterPrivateSubnetIds,
        publicSubnetIds: network.clusterPublicSubnetIds,
        secretsKeyArn: secretsKey.arn,
        tags,
      }),
      { ...componentOnAws, dependsOn: [logGroup] },
    );

    const nodeRole = new aws.iam.Role("node-role", { assumeRolePolicy: JSON.stringify(ec2AssumeRolePolicy()), description: "hcpbench EKS nodes" }, onAws);
    const nodeRoleGrants = nodeManagedPolicyArns.map(
      (policyArn, i) => new aws.iam.RolePolicyAttachment(`node-role-managed-${i}`, { role: nodeRole.name, policyArn }, onAws),
    );
    const nodeGroups = poolsFor(cfg).map((pool) => {
      const template = new aws.ec2.LaunchTemplate(`${pool}-lt`, launchTemplateArgs(cfg, pool, tags), onAws);
      return new eks.ManagedNodeGroup(
        `${pool}-nodes`,
        nodeGroupArgs(cfg, pool, {
          cluster,
          nodeRoleArn: nodeRole.arn,
          subnetId: network.nodeSubnetId,
          launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
          tags,
        }),
        { ...componentOnAws, dependsOn: nodeRoleGrants },
      );
    });

    const csiRole = new IrsaRole(
      "ebs-csi-role",
      {
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuer: cluster.oidcIssuer,
        serviceAccount: ebsCsiControllerServiceAccount,
        managedPolicyArns: [ebsCsiDriverPolicyArn],
      },
      componentOnAws,
    );
    // The add-on turns Active only once its controller runs, so it waits for the nodes it is placed on.
    const csiAddon = new aws.eks.Addon("ebs-csi", ebsCsiAddonArgs(cluster.eksCluster.name, csiRole.arn), {
      ...onAws,
      dependsOn: [...csiRole.ready, ...nodeGroups],
    });

    const coredns = new aws.eks.Addon("coredns", corednsAddonArgs(cluster.eksCluster.name), { ...onAws, dependsOn: nodeGroups });

    this.kubeconfig = pulumi.secret(cluster.kubeconfigJson);
    this.provider = new k8s.Provider("eks-k8s", { kubeconfig: this.kubeconfig, enableServerSideApply: true }, { parent: this });
    const onK8s = { parent: this, provider: this.provider, dependsOn: [csiAddon, coredns] };
    // The stack's tags on every volume the CSI driver creates (default tags do not reach them), for `gc`.
    const volumeTags = { [stackTagKey]: tags[stackTagKey], [projectTagKey]: tags[projectTagKey] };
    const io2 = new k8s.storage.v1.StorageClass("io2", ioTwoStorageClass(cfg, volumeTags), onK8s);
    const io2Datastore = new k8s.storage.v1.StorageClass("io2-datastore", ioTwoDatastoreStorageClass(cfg, volumeTags), onK8s);
    const gp3 = new k8s.storage.v1.StorageClass("gp3", gp3StorageClass(cfg, volumeTags), onK8s);
    // Per-HCP volumes on the hcp nodes' own disks: EBS attachment slots cannot hold 100 HCPs (x3 for HA).
    const localPath: pulumi.Resource[] = [];
    if (cfg.cluster.hcpStorage === "local-path") {
      const [nsObject, ...rest] = localPathProvisionerObjects(placementFor("control"));
      const ns = registerKubeObject(nsObject, onK8s);
      localPath.push(ns, ...rest.map((o) => registerKubeObject(o, { ...onK8s, dependsOn: [...onK8s.dependsOn, ns] })));
    }
    this.storageClasses = {
      database: ioTwoStorageClassName,
      datastore: ioTwoDatastoreStorageClassName,
      general: gp3StorageClassName,
      perHcp: cfg.cluster.hcpStorage === "local-path" ? localPathStorageClassName : gp3StorageClassName,
    };

    const results = new ResultsBucket("results", cfg, componentOnAws);
    const benchRole = new IrsaRole(
      "bench-role",
      {
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuer: cluster.oidcIssuer,
        serviceAccount: { namespace: namespaces.bench, name: benchServiceAccount },
        inlinePolicy: results.bucketArn.apply((arn) => JSON.stringify(benchResultsPolicy(arn, cfg.results.prefix))),
      },
      componentOnAws,
    );
    this.resultsSink = {
      kind: "s3",
      bucket: results.bucketName,
      prefix: cfg.results.prefix,
      region: cfg.aws.region,
      serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": benchRole.arn },
    };

    // Everything in the cluster waits for these, so `destroy` removes it all before the nodes and add-ons
    // (in-cluster DNS included: Kamaji's finalizer resolves its DataStore's Service name).
    // On destroy, the claims' owners go first, then the drain waits for their PVs, then the provisioners go.
    const provisioners = [...nodeGroups, csiAddon, coredns, io2, io2Datastore, gp3, ...localPath];
    const drain = new VolumeDrain(
      "volume-drain",
      { kubeconfig: this.kubeconfig, storageClasses: [ioTwoStorageClassName, ioTwoDatastoreStorageClassName, gp3StorageClassName, ...(cfg.cluster.hcpStorage === "local-path" ? [localPathStorageClassName] : [])], timeoutSeconds: volumeDrainTimeoutSeconds, pollSeconds: 10 },
      { parent: this, dependsOn: provisioners },
    );
    this.ready = [...provisioners, drain];
    this.registerOutputs({ resultsBucket: results.bucketName });
  }

  placement(pool: PoolName): Placement {
    return placementFor(pool);
  }
}

export function createAwsSubstrate(cfg: Config): Substrate {
  return new AwsSubstrate("substrate", cfg);
}
