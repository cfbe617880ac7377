import { namespaces } from "../../../infra/namespaces";
import { stackTagKey } from "../../../infra/substrate/aws/awsTags";

/**
 * The EBS CSI driver tags each volume it creates with its claim's namespace
 * (`--extra-create-metadata`, on in the EKS add-on). Volumes made before the
 * storage classes carried the stack tag have only this: they are found by
 * the namespaces hcpbench puts claims in.
 */
export const pvcNamespaceTagKey = "kubernetes.io/created-for/pvc/namespace";
export const claimNamespaces: readonly string[] = [namespaces.data, namespaces.fleet, namespaces.monitoring, namespaces.kamaji];
/** What a leftover volume with no stack tag is listed under. */
export const untaggedVolumeStack = "(no stack tag)";

/** A resource the tagging API returned. */
export interface TaggedResource {
  readonly arn: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** What to do about one leftover, in dependency order. */
export interface OrphanStep {
  readonly arn: string;
  readonly stack: string;
  /** `eks:nodegroup`, `ec2:vpc`, `s3:bucket`, ... */
  readonly kind: string;
  /** Lower goes first: node groups before their cluster, ENIs before subnets, subnets before the VPC. */
  readonly order: number;
  /** hcpbench deletes it itself (S3 buckets, after checking they are empty); otherwise `command` says how. */
  readonly hcpbenchDeletes: boolean;
  readonly command: string;
}

interface KindRule {
  readonly order: number;
  readonly command: (id: string, arn: string, region: string) => string;
}

/**
 * Leftover types in the order they must go. A managed node group holds
 * instances and ENIs; the cluster holds node groups and add-ons; load
 * balancers, NAT gateways and ENIs hold subnets and addresses; everything
 * holds the VPC. hcpbench deletes only S3 buckets itself (the one client it
 * ships); for the rest it prints the AWS CLI command, in this order.
 */
const rules: Record<string, KindRule> = {
  "eks:nodegroup": { order: 10, command: (id, _a, r) => { const [cluster, ng] = id.split("/"); return `aws eks delete-nodegroup --region ${r} --cluster-name ${cluster} --nodegroup-name ${ng}`; } },
  "eks:addon": { order: 11, command: (id, _a, r) => { const [cluster, addon] = id.split("/"); return `aws eks delete-addon --region ${r} --cluster-name ${cluster} --addon-name ${addon}`; } },
  "eks:cluster": { order: 20, command: (id, _a, r) => `aws eks delete-cluster --region ${r} --name ${id}` },
  "ec2:instance": { order: 30, command: (id, _a, r) => `aws ec2 terminate-instances --region ${r} --instance-ids ${id}` },
  "elasticloadbalancing:loadbalancer": { order: 31, command: (_id, arn, r) => `aws elbv2 delete-load-balancer --region ${r} --load-balancer-arn ${arn}` },
  "ec2:launch-template": { order: 32, command: (id, _a, r) => `aws ec2 delete-launch-template --region ${r} --launch-template-id ${id}` },
  "ec2:natgateway": { order: 40, command: (id, _a, r) => `aws ec2 delete-nat-gateway --region ${r} --nat-gateway-id ${id}` },
  "ec2:volume": { order: 41, command: (id, _a, r) => `aws ec2 delete-volume --region ${r} --volume-id ${id}` },
  "ec2:elastic-ip": { order: 50, command: (id, _a, r) => `aws ec2 release-address --region ${r} --allocation-id ${id}` },
  "ec2:network-interface": { order: 51, command: (id, _a, r) => `aws ec2 delete-network-interface --region ${r} --network-interface-id ${id}` },
  "ec2:security-group": { order: 60, command: (id, _a, r) => `aws ec2 delete-security-group --region ${r} --group-id ${id}` },
  "ec2:route-table": { order: 61, command: (id, _a, r) => `aws ec2 delete-route-table --region ${r} --route-table-id ${id}   # after: aws ec2 disassociate-route-table for each association` },
  "ec2:subnet": { order: 62, command: (id, _a, r) => `aws ec2 delete-subnet --region ${r} --subnet-id ${id}` },
  "ec2:internet-gateway": { order: 63, command: (id, _a, r) => `aws ec2 detach-internet-gateway --region ${r} --internet-gateway-id ${id} --vpc-id <its vpc> && aws ec2 delete-internet-gateway --region ${r} --internet-gateway-id ${id}` },
  "ec2:vpc": { order: 70, command: (id, _a, r) => `aws ec2 delete-vpc --region ${r} --vpc-id ${id}` },
  "kms:key": { order: 80, command: (id, _a, r) => `aws kms schedule-key-deletion --region ${r} --key-id ${id} --pending-window-in-days 7` },
  "logs:log-group": { order: 81, command: (id, _a, r) => `aws logs delete-log-group --region ${r} --log-group-name ${id}` },
  "s3:bucket": { order: 90, command: (id) => `aws s3 rb s3://${id} --force   # deletes every result in it` },
};

/** `arn:aws:ec2:us-east-1:123:subnet/subnet-1` -> kind `ec2:subnet`, id `subnet-1`. */
export function parseArn(arn: string): { kind: string; id: string } {
  const parts = arn.split(":");
  const service = parts[2] ?? "";
  const resource = parts.slice(5).join(":");
  if (service === "s3") return { kind: "s3:bucket", id: resource };
  const slash = resource.indexOf("/");
  const type = slash >= 0 ? resource.slice(0, slash) : resource.split(":")[0];
  const id = slash >= 0 ? resource.slice(slash + 1) : resource.split(":").slice(1).join(":");
  if (service === "elasticloadbalancing" && type === "loadbalancer") return { kind: "elasticloadbalancing:loadbalancer", id };
  if (service === "logs" && type === "log-group") return { kind: "logs:log-group", id: id.replace(/:\*$/, "") };
  // eks: nodegroup/<cluster>/<name>/<uuid>, addon/<cluster>/<name>/<uuid>
  if (service === "eks" && (type === "nodegroup" || type === "addon")) return { kind: `eks:${type}`, id: id.split("/").slice(0, 2).join("/") };
  return { kind: `${service}:${type}`, id };
}

/**
 * Pure: the resources tagged by hcpbench whose stack is not live in the
 * state backend, each with how it goes, in the order it must go.
 */
export function orphanPlan(resources: readonly TaggedResource[], liveStacks: ReadonlySet<string>, region: string): OrphanStep[] {
  // A volume of an hcpbench claim without the stack tag cannot be matched to a stack: it is listed, and
  // `aws ec2 delete-volume` refuses one still attached, so a live stack's volume is never removed.
  const untaggedClaimVolume = (r: TaggedResource) =>
    r.tags[stackTagKey] === undefined && parseArn(r.arn).kind === "ec2:volume" && claimNamespaces.includes(r.tags[pvcNamespaceTagKey] ?? "");
  return resources
    .filter((r) => (r.tags[stackTagKey] !== undefined && !liveStacks.has(r.tags[stackTagKey])) || untaggedClaimVolume(r))
    .map((r) => {
      const { kind, id } = parseArn(r.arn);
      const rule = rules[kind];
      return {
        arn: r.arn,
        stack: r.tags[stackTagKey] ?? untaggedVolumeStack,
        kind,
        order: rule?.order ?? 100,
        hcpbenchDeletes: kind === "s3:bucket",
        command: rule ? rule.command(id, r.arn, region) : `# no command known for ${kind}: delete ${r.arn} in the AWS console`,
      };
    })
    .sort((a, b) => a.order - b.order || a.stack.localeCompare(b.stack) || a.arn.localeCompare(b.arn));
}
