import type { V1Job } from "@kubernetes/client-node";
import { benchLabels } from "../../workloads/bench/benchLabels";
import { runTokenLabel } from "../../workloads/bench/benchJobManifest";
import { benchEnvNames } from "../../workloads/loadgen/job/benchJobEnv";
import type { BenchJobApi, JobSnapshot } from "./benchJobFollower";

const iso = (d: Date | string | undefined) => (d === undefined ? undefined : d instanceof Date ? d.toISOString() : String(d));

export function jobSnapshot(job: V1Job): JobSnapshot {
  const env = job.spec?.template?.spec?.containers?.[0]?.env ?? [];
  return {
    name: job.metadata?.name ?? "",
    namespace: job.metadata?.namespace ?? "",
    active: job.status?.active ?? 0,
    succeeded: job.status?.succeeded ?? 0,
    failed: job.status?.failed ?? 0,
    creationTimestamp: iso(job.metadata?.creationTimestamp),
    startTime: iso(job.status?.startTime),
    activeDeadlineSeconds: job.spec?.activeDeadlineSeconds,
    conditions: (job.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })),
    runToken: job.metadata?.labels?.[runTokenLabel],
    sweepId: env.find((e) => e.name === benchEnvNames.sweepId)?.value,
  };
}

/**
 * The follower's calls through @kubernetes/client-node on the stack's kubeconfig. client-node
 * authenticates every request: an exec plugin (EKS's `aws eks get-token`) runs again whenever
 * its last token has expired, so a login renewed while the bench runs is picked up by the
 * next read, and an expired one fails only that read.
 */
export async function kubeBenchJobApi(kubeconfig: string): Promise<BenchJobApi> {
  // Loaded only here: the client takes a second and a half to import.
  const { ApiException, BatchV1Api, KubeConfig } = await import("@kubernetes/client-node");
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  const batch = kc.makeApiClient(BatchV1Api);
  const selector = Object.entries(benchLabels())
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return {
    async read(namespace, name) {
      try {
        return jobSnapshot(await batch.readNamespacedJob({ namespace, name }));
      } catch (err) {
        if (err instanceof ApiException && err.code === 404) return undefined;
        throw err;
      }
    },
    async list(namespace) {
      const list = await batch.listNamespacedJob({ namespace, labelSelector: selector });
      return list.items.map(jobSnapshot);
    },
  };
}
