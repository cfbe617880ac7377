import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";

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
  "eks:index:Cluster": (a) => ({
    kubeconfig: fakeKubeconfig(a.name),
    kubeconfigJson: JSON.stringify(fakeKubeconfig(a.name)),
    eksCluster: { name: `${a.name}-eks`, arn: `arn:aws:eks:mock:000000000000:cluster/${a.name}` },
    clusterSecurityGroupId: `${a.name}-cluster-sg`,
    nodeSecurityGroupId: `${a.name}-node-sg`,
    oidcProviderArn: `arn:aws:iam::000000000000:oidc-provider/oidc.eks.mock/id/${a.name}`,
    oidcProviderUrl: `oidc.eks.mock/id/${a.name}`,
    oidcIssuer: `oidc.eks.mock/id/${a.name}`,
  }),
  "random:index/randomPassword:RandomPassword": (a) => ({ result: `mock-password-${a.name}` }),
};

/** ARN-shaped outputs for any AWS resource, so policies and trust documents that embed ARNs resolve. */
export function awsArn(args: MockResourceArgs): string {
  const [, mod, kind] = args.type.split(":");
  return `arn:aws:${mod.split("/")[0]}:mock:000000000000:${kind.toLowerCase()}/${args.name}`;
}
