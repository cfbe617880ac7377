import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import type { PlannedResource } from "../../infra/plan/evaluate";
import { mockOutputs } from "../../infra/plan/mockOutputs";
import { hcpDatabasePassword } from "../../workloads/fleet/hcpPasswords";
import type { PolicyDocument } from "../../infra/substrate/aws/iamPolicies";

/**
 * Security properties of a planned resource graph. Each check returns the
 * offending resources as `type name: why` lines, so a failure says exactly
 * what to fix; an empty list means the property holds.
 */
type Obj = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const at = (r: PlannedResource) => `${r.type} ${r.name}`;
const isAnywhere = (cidr: unknown) => cidr === "0.0.0.0/0" || cidr === "::/0";

/** Security groups and rules that admit traffic from anywhere. */
export function openIngress(resources: readonly PlannedResource[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    const i = r.inputs;
    if (r.type === "aws:ec2/securityGroup:SecurityGroup" || r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup") {
      for (const rule of list(i.ingress) as Obj[]) {
        if ([...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)].some(isAnywhere)) out.push(`${at(r)}: ingress from anywhere`);
      }
    } else if (r.type === "aws:ec2/securityGroupRule:SecurityGroupRule" && i.type === "ingress") {
      if ([...list(i.cidrBlocks), ...list(i.ipv6CidrBlocks)].some(isAnywhere)) out.push(`${at(r)}: ingress from anywhere`);
    } else if (r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
      if (isAnywhere(i.cidrIpv4) || isAnywhere(i.cidrIpv6)) out.push(`${at(r)}: ingress from anywhere`);
    } else if (r.type === "eks:index:Cluster") {
      if (list(i.publicAccessCidrs).some(isAnywhere)) out.push(`${at(r)}: public API open to anywhere`);
      if (i.endpointPublicAccess !== false && list(i.publicAccessCidrs).length === 0) out.push(`${at(r)}: public API with no CIDR limit`);
    }
  }
  return out;
}

/** Launch templates or instances that allow IMDSv1, and node groups without such a template. */
export function imdsV1Allowed(resources: readonly PlannedResource[]): string[] {
  const out: string[] = [];
  const templates = new Set(resources.filter((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate").map((r) => `${r.name}-id`));
  for (const r of resources) {
    if (r.type === "aws:ec2/launchTemplate:LaunchTemplate" || r.type === "aws:ec2/instance:Instance") {
      if ((r.inputs.metadataOptions as Obj | undefined)?.httpTokens !== "required") out.push(`${at(r)}: IMDSv2 not required`);
    }
    if (r.type === "eks:index:ManagedNodeGroup" && !templates.has(String((r.inputs.launchTemplate as Obj | undefined)?.id))) {
      out.push(`${at(r)}: no launch template of this plan, so IMDS settings are EKS's defaults`);
    }
  }
  return out;
}

/** Block storage that would be created unencrypted. */
export function unencryptedVolumes(resources: readonly PlannedResource[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    if (r.type === "aws:ec2/launchTemplate:LaunchTemplate" || r.type === "aws:ec2/instance:Instance") {
      const devices = list(r.inputs.blockDeviceMappings ?? r.inputs.ebsBlockDevices) as Obj[];
      if (devices.length === 0) out.push(`${at(r)}: root volume left to the AMI's default encryption`);
      for (const d of devices) if (String((d.ebs as Obj | undefined)?.encrypted ?? d.encrypted) !== "true") out.push(`${at(r)}: ${String(d.deviceName)} not encrypted`);
    } else if (r.type === "aws:ebs/volume:Volume" && r.inputs.encrypted !== true) {
      out.push(`${at(r)}: not encrypted`);
    } else if (r.type === "kubernetes:storage.k8s.io/v1:StorageClass" && r.inputs.provisioner === "ebs.csi.aws.com") {
      if ((r.inputs.parameters as Obj | undefined)?.encrypted !== "true") out.push(`${at(r)}: EBS class without encrypted: "true"`);
    } else if (r.type === "eks:index:Cluster" && !r.inputs.encryptionConfigKeyArn) {
      out.push(`${at(r)}: Kubernetes Secrets not envelope-encrypted`);
    }
  }
  return out;
}

/** Buckets missing default encryption, a full public access block, BucketOwnerEnforced, or a TLS-only policy. */
export function unprotectedBuckets(resources: readonly PlannedResource[]): string[] {
  const out: string[] = [];
  const forBucket = (type: string, id: string) => resources.filter((r) => r.type === type && r.inputs.bucket === id);
  for (const b of resources.filter((r) => r.type === "aws:s3/bucket:Bucket" || r.type === "aws:s3/bucketV2:BucketV2")) {
    const id = `${b.name}-id`;
    const sse = forBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", id);
    const algorithms = sse.flatMap((s) => (list(s.inputs.rules) as Obj[]).map((rule) => (rule.applyServerSideEncryptionByDefault as Obj | undefined)?.sseAlgorithm));
    if (!algorithms.some((a) => a === "AES256" || a === "aws:kms" || a === "aws:kms:dsse")) out.push(`${at(b)}: no default encryption`);
    const pab = forBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", id);
    const fields = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
    if (!pab.some((x) => fields.every((f) => x.inputs[f] === true))) out.push(`${at(b)}: public access not fully blocked`);
    const owner = forBucket("aws:s3/bucketOwnershipControls:BucketOwnershipControls", id);
    if (!owner.some((o) => (o.inputs.rule as Obj | undefined)?.objectOwnership === "BucketOwnerEnforced")) out.push(`${at(b)}: ACLs not disabled`);
    const policies = forBucket("aws:s3/bucketPolicy:BucketPolicy", id).map((x) => JSON.parse(String(x.inputs.policy)) as PolicyDocument);
    const tlsOnly = policies.some((d) =>
      d.Statement.some((s) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false" && list(s.Action).includes("s3:*")),
    );
    if (!tlsOnly) out.push(`${at(b)}: plain HTTP not refused`);
    if (b.inputs.acl !== undefined) out.push(`${at(b)}: sets a canned ACL`);
  }
  return out;
}

/** IAM documents that allow every action or every resource, or roles anyone could assume. */
export function broadIam(resources: readonly PlannedResource[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    if (r.type === "aws:iam/rolePolicy:RolePolicy" || r.type === "aws:iam/policy:Policy") {
      const doc = JSON.parse(String(r.inputs.policy)) as PolicyDocument;
      for (const s of doc.Statement.filter((x) => x.Effect === "Allow")) {
        if (list(s.Action).some((a) => a === "*" || String(a).endsWith(":*"))) out.push(`${at(r)}: allows every action of a service`);
        if (list(s.Resource).includes("*")) out.push(`${at(r)}: allows every resource`);
      }
    } else if (r.type === "aws:iam/role:Role") {
      const doc = JSON.parse(String(r.inputs.assumeRolePolicy)) as PolicyDocument;
      for (const s of doc.Statement) {
        const principal = s.Principal;
        const federated = typeof principal === "object" && "Federated" in principal;
        const service = typeof principal === "object" && "Service" in principal && Object.keys(principal).length === 1;
        if (!service && !(federated && JSON.stringify(s.Condition ?? {}).includes(":sub"))) out.push(`${at(r)}: trust not limited to a service or one service account`);
      }
    }
  }
  return out;
}

/** Every AWS resource must go through a provider whose default tags name the stack and the project. */
export function untaggedAwsResources(resources: readonly PlannedResource[], stack: string): string[] {
  const out: string[] = [];
  const providers = new Map(resources.filter((r) => r.type === "pulumi:providers:aws").map((r) => [r.name, r]));
  const tagsOf = (p: PlannedResource | undefined) =>
    ((p ? JSON.parse(String(p.inputs.defaultTags ?? "{}")) : {}) as { tags?: Record<string, string> }).tags ?? {};
  for (const r of resources) {
    if (r.type.startsWith("aws:") && r.custom) {
      // provider reference: <provider urn>::<id>; the urn ends in ::<provider name>
      const name = r.provider.split("::").slice(-2, -1)[0];
      const tags = tagsOf(providers.get(name ?? ""));
      if (tags["hcpbench:stack"] !== stack || tags["hcpbench:project"] !== "hcpbench") out.push(`${at(r)}: not tagged with its stack and project`);
    } else if (r.type.startsWith("eks:index:")) {
      const tags = (r.inputs.tags ?? {}) as Record<string, string>;
      if (tags["hcpbench:stack"] !== stack || tags["hcpbench:project"] !== "hcpbench") out.push(`${at(r)}: not tagged with its stack and project`);
    }
  }
  return out;
}

/**
 * The secrets a plan's mock engine hands out (each RandomPassword's result)
 * and what the program derives from them: each HCP's database password is
 * HMAC-SHA256(master, "hcpbench-db:<hcp>") as hex (hcpPasswords.ts), which
 * carries no recognisable prefix. Candidate HCP names are every DNS-label
 * string in the plan, so no list of HCPs has to be known.
 */
export function generatedSecrets(resources: readonly PlannedResource[]): Set<string> {
  const masters = resources
    .filter((r) => r.type === randomPassword)
    .map((r) => String(mockOutputs[randomPassword]({ type: r.type, name: r.name, inputs: r.inputs, custom: true } as MockResourceArgs).result));
  const names = new Set<string>();
  for (const r of resources) {
    names.add(r.name);
    for (const s of strings(r.inputs)) if (dnsLabel.test(s)) names.add(s);
  }
  const out = new Set(masters);
  for (const m of masters) for (const n of names) out.add(hcpDatabasePassword(m, n));
  return out;
}

const randomPassword = "random:index/randomPassword:RandomPassword";
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Every string inside a value, and the text of any that is base64 (user-data, Secret `data`). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") {
    out.push(v);
    if (v.length >= 16 && /^[A-Za-z0-9+/\r\n]+={0,2}$/.test(v)) out.push(Buffer.from(v, "base64").toString("utf8"));
  } else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === "object") for (const x of Object.values(v)) strings(x, out);
  return out;
}

/**
 * Places a generated password (the mock engine's, or one derived from it)
 * or a kubeconfig appears in clear: resource inputs, stack outputs, and the
 * lines the plan logged.
 */
export function plainSecrets(resources: readonly PlannedResource[], outputs: Record<string, unknown>, logs: readonly string[] = []): string[] {
  const secrets = generatedSecrets(resources);
  const leaks = (v: unknown) =>
    strings(v).some((text) => /mock-password-|"current-context"|certificate-authority-data/.test(text) || [...text.matchAll(/[0-9a-f]{64}/g)].some((m) => secrets.has(m[0])));
  const out: string[] = [];
  for (const r of resources) {
    // A dynamic resource's `__provider` is its provider's serialized source code, which may name kubeconfig fields.
    const { __provider: _source, ...inputs } = r.inputs;
    if (leaks(inputs)) out.push(`${at(r)}: a secret in clear in its inputs`);
  }
  for (const [k, v] of Object.entries(outputs)) if (leaks(v)) out.push(`output ${k}: a secret in clear`);
  logs.forEach((line, i) => {
    if (leaks(line)) out.push(`log line ${i + 1}: a secret in clear`);
  });
  return out;
}
