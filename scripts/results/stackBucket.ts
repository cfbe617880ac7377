import { namespaces } from "../../infra/namespaces";
import { managementApi } from "../../workloads/samplers/managementApi";
import { kubeconfigCredentials } from "../../workloads/samplers/kubeconfigCredentials";
import type { StackOutputs } from "../automation/stackOutputs";
import { stackKeyPrefix } from "../../infra/names/resultsLayout";
import { inClusterService, minioCredentials, openServiceTunnel } from "./minioTunnel";
import { PrefixedResultsStore, type ResultsStore } from "./resultsStore";
import { S3ResultsStore } from "./s3ResultsStore";
import { s3ClientFor } from "../../workloads/loadgen/job/s3Client";

export interface StackBucket {
  /** The stack's folder in the bucket: `<prefix>/<sweepId>/<stack>/`. */
  readonly store: ResultsStore;
  close(): Promise<void>;
}

/**
 * The results bucket of a stack that is up, from its outputs: AWS S3 through
 * the default credential chain, or the in-cluster MinIO through a tunnel with
 * the credentials the cluster holds.
 */
export async function openStackBucket(outputs: StackOutputs, stack: string): Promise<StackBucket> {
  const r = outputs.results;
  const prefix = stackKeyPrefix(r.prefix, r.sweepId, stack);
  if (r.kind === "s3") {
    const client = s3ClientFor({ bucket: r.bucket, region: r.region });
    return { store: new PrefixedResultsStore(new S3ResultsStore(client, r.bucket), prefix), close: async () => client.destroy() };
  }
  const api = managementApi(kubeconfigCredentials(outputs.kubeconfig));
  const svc = inClusterService(r.endpoint);
  const tunnel = svc ? await openServiceTunnel(outputs.kubeconfig, api, svc) : undefined;
  try {
    const credentials = await minioCredentials(api, [
      { namespace: namespaces.bench, name: "hcpbench-results-credentials", accessKey: "AWS_ACCESS_KEY_ID", secretKey: "AWS_SECRET_ACCESS_KEY" },
      { namespace: namespaces.data, name: "minio", accessKey: "rootUser", secretKey: "rootPassword" },
    ]);
    const client = s3ClientFor({ bucket: r.bucket, region: r.region, endpoint: tunnel?.endpoint ?? r.endpoint, credentials });
    return {
      store: new PrefixedResultsStore(new S3ResultsStore(client, r.bucket), prefix),
      close: async () => {
        client.destroy();
        await tunnel?.close();
        await api.close();
      },
    };
  } catch (err) {
    await tunnel?.close();
    await api.close();
    throw err;
  }
}
