import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { namespaces } from "../namespaces";
import { minioRootLogin } from "../names/minioRootLogin";
import { minioT4SecretName } from "../platform/datastores/minioRelease";
import { minioT4Keys } from "../platform/presentComponents";

/** Keys of the Secrets a stack reads from the cluster (`Secret.get`, for present components), by `namespace/name`. */
const readSecretKeys: Record<string, readonly string[]> = {
  [`${namespaces.data}/${minioRootLogin.secretName}`]: minioRootLogin.keys,
  [`${namespaces.data}/${minioT4SecretName}`]: minioT4Keys,
};

/**
 * What the mock engine answers for resources whose outputs the program reads
 * (ARNs, kubeconfigs, generated passwords). One entry per type token; a type
 * without an entry echoes its inputs back, as a provider would for most fields.
 */
export type MockOutputs = (args: MockResourceArgs) => Record<string, unknown>;

const fakeKubeconfig = (name: string) => ({
  apiVersion: "v1",
  kind: "Config",
  clusters: [{ name, cluster: { server: `https://${name}.eks.mock`, "certificate-authority-data": "bW9jaw==" } }],
  contexts: [{ name, context: { cluster: name, user: name } }],
  "current-context": name,
  users: [{ name, user: { token: "mock" } }],
});

export const mockOutputs: Record<string, MockOutputs> = {
  // A read (`Secret.get`, id `namespace/name`) answers each key the stack reads with "mock-present-<key>", base64 as the API serves it.
  "kubernetes:core/v1:Secret": (a) =>
    a.id ? { data: Object.fromEntries((readSecretKeys[a.id] ?? []).map((k) => [k, Buffer.from(`mock-present-${k}`).toString("base64")])) } : {},
  "eks:index:Cluster": (a) => ({
    kubeconfig: fakeKubeconfig(a.name),
    kubeconfigJson: JSON.stringify(fakeKubeconfig(a.name)),
    eksCluster: { name: `${a.name}-eks`, arn: `arn:aws:eks:mock:000000000000:cluster/${a.name}`, endpoint: `https://${a.name}.eks.mock` },
    clusterSecurityGroupId: `${a.name}-cluster-sg`,
    nodeSecurityGroupId: `${a.name}-node-sg`,
    oidcProviderArn: `arn:aws:iam::000000000000:oidc-provider/oidc.eks.mock/id/${a.name}`,
    // As in @pulumi/eks 4.3: oidcProviderUrl is the issuer URL, oidcIssuer the same without https://.
    oidcProviderUrl: `https://oidc.eks.mock/id/${a.name}`,
    oidcIssuer: `oidc.eks.mock/id/${a.name}`,
  }),
  // The bucket's name is generated from bucketPrefix; S3 ARNs carry no region or account.
  "aws:s3/bucket:Bucket": (a) => {
    const bucket = `${String(a.inputs.bucketPrefix ?? a.name)}mock`;
    return { bucket, arn: `arn:aws:s3:::${bucket}` };
  },
  "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1 }),
  // Without a name input, AWS generates one from the resource name.
  "aws:iam/role:Role": (a) => ({ name: String(a.inputs.name ?? `${a.name}-mock`) }),
  // As long as asked (code may check the length), and always starting with mock-password- so leak scans can find it.
  "random:index/randomPassword:RandomPassword": (a) => {
    const prefix = `mock-password-${a.name}-`;
    const length = Number(a.inputs.length ?? 16);
    return { result: prefix.length >= length ? prefix.slice(0, -1) : prefix.padEnd(length, "x") };
  },
};

/** ARN-shaped outputs for any AWS resource, so policies and trust documents that embed ARNs resolve. */
export function awsArn(args: MockResourceArgs): string {
  const [, mod, kind] = args.type.split(":");
  return `arn:aws:${mod.split("/")[0]}:mock:000000000000:${kind.toLowerCase()}/${args.name}`;
}
