import * as crypto from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { benchServiceAccount, namespaces } from "../../infra/namespaces";
import type { Placement } from "../../infra/substrate/substrate";
import type { KubeObject } from "../fleet/kubeObject";
import { skipAwaitAnnotation } from "../fleet/readinessAnnotations";
import { benchEnvNames } from "../loadgen/job/benchJobEnv";
import { matrixFileName, resultsCredentialsSecretName } from "./benchConfigObjects";
import { benchImage, benchUid, nodeHeapMiB, type ContainerResources } from "./benchImage";
import { benchLabels } from "./benchLabels";
import type { LoadgenBundle } from "./loadgenBundle";
import { terminationGraceSeconds } from "./pointBudget";

export interface BenchJobInputs {
  readonly stack: string;
  readonly runToken: string;
  readonly sweepId: string;
  readonly results: {
    readonly bucket: pulumi.Input<string>;
    readonly prefix: string;
    readonly region: string;
    /** MinIO only; its keys then come from the results credentials Secret. */
    readonly endpoint?: string;
  };
  readonly placement: Placement;
  readonly resources: ContainerResources;
  readonly activeDeadlineSeconds: number;
  readonly matrixConfigMap: string;
  /** sha256 of matrix.json: a changed matrix is a new Job (done points are skipped). */
  readonly matrixSha256: string;
  readonly codeConfigMap: string;
  readonly bundle: Pick<LoadgenBundle, "fileName" | "gzipped">;
  /** Load pods (bench.shards); above 1 the Job is an Indexed Job with one pod per shard of HCPs. */
  readonly shards: number;
}

/** Where the pod mounts its matrix, its code and a writable scratch volume. */
export const benchDirs = { matrix: "/etc/hcpbench", code: "/opt/hcpbench", scratch: "/scratch" } as const;
const { matrix: matrixDir, code: codeDir, scratch: scratchDir } = benchDirs;

/** The label every bench Job and its pod carry with the run token; `run` and `sweep` find a running Job by it. */
export const runTokenLabel = "hcpbench.io/run-token";

/**
 * `bench-<run token>-<template key>`. The Job is created with `pulumi.com/skipAwait`, and for a
 * batch/v1 Job the Kubernetes provider then skips the wait on delete too, so a replacement
 * under the same name would be created while the old Job is still terminating. A name that
 * changes with everything in the pod template makes every replacement a new object instead.
 */
export const benchJobName = (runToken: string, templateKey: string) => `bench-${runToken}-${templateKey.slice(0, 10)}`;

/** What the pod template is made of, bar the bucket (an output, fixed for the stack's life). */
function templateKey(i: BenchJobInputs): string {
  // shards only from 2 on: an unsharded Job keeps the name it had before the setting existed.
  const { results, shards, ...rest } = i;
  const plain = { ...rest, ...(shards > 1 ? { shards } : {}), bundle: { fileName: i.bundle.fileName, gzipped: i.bundle.gzipped }, results: { prefix: results.prefix, region: results.region, endpoint: results.endpoint ?? "" }, image: benchImage };
  return crypto.createHash("sha256").update(JSON.stringify(plain)).digest("hex");
}

/** The label the Job controller puts on its pods with the Job's uid (Kubernetes 1.27+). */
export const jobUidLabel = "batch.kubernetes.io/controller-uid";

/**
 * One pod never retried (backoffLimit 0), or with shards an Indexed Job: one pod per index, all
 * at once, each index never retried either (backoffLimitPerIndex 0; GA in Kubernetes 1.33) but
 * independent of the others, so a shard that ends with a partial point (exit 1) does not stop
 * the shards still running, as a Job-wide backoffLimit of 0 would. The Job completes when every
 * index succeeded (JOB_COMPLETION_INDEX tells each pod its shard).
 */
function completionSpec(shards: number): Record<string, unknown> {
  if (shards <= 1) return { backoffLimit: 0 };
  return { completionMode: "Indexed", completions: shards, parallelism: shards, backoffLimitPerIndex: 0 };
}

/**
 * How the container starts the bundle: directly, or gunzipped first (by node itself, so nothing
 * but the stock image is assumed) into a scratch volume when it had to be compressed.
 */
export function benchCommand(bundle: Pick<LoadgenBundle, "fileName" | "gzipped">, dirs: { matrix: string; code: string; scratch: string } = benchDirs): string[] {
  const matrix = `${dirs.matrix}/${matrixFileName}`;
  if (!bundle.gzipped) return ["node", `${dirs.code}/${bundle.fileName}`, matrix];
  const js = `${dirs.scratch}/benchJobMain.js`;
  const unzip = `const z=require('zlib'),f=require('fs');f.writeFileSync('${js}',z.gunzipSync(f.readFileSync('${dirs.code}/${bundle.fileName}')))`;
  // exec: node becomes the container's main process and receives SIGTERM itself.
  return ["sh", "-c", `node -e "${unzip}" && exec node ${js} ${matrix}`];
}

/**
 * The bench Job: one pod, never retried (a retry would rerun points into a half-written sweep;
 * resume is the next run token's job), on the control pool. Pulumi only creates it
 * (`pulumi.com/skipAwait`): a bench takes hours, longer than the AWS session `pulumi up` holds,
 * so `hcpbench run` and `sweep` follow it themselves (scripts/automation/benchJobFollower.ts).
 */
export function benchJobManifest(i: BenchJobInputs): KubeObject {
  const env: { name: string; value?: pulumi.Input<string>; valueFrom?: unknown }[] = [
    { name: benchEnvNames.stack, value: i.stack },
    { name: benchEnvNames.sweepId, value: i.sweepId },
    { name: benchEnvNames.runToken, value: i.runToken },
    { name: benchEnvNames.bucket, value: i.results.bucket },
    { name: benchEnvNames.prefix, value: i.results.prefix },
    { name: benchEnvNames.region, value: i.results.region },
    { name: "NODE_OPTIONS", value: `--max-old-space-size=${nodeHeapMiB(i.resources)}` },
  ];
  if (i.results.endpoint !== undefined) {
    env.push({ name: benchEnvNames.endpoint, value: i.results.endpoint });
    for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) {
      env.push({ name: key, valueFrom: { secretKeyRef: { name: resultsCredentialsSecretName, key } } });
    }
  }
  if (i.shards > 1) {
    // The Job's uid names its shard barriers in the bucket, so a later Job never sees an earlier one's.
    env.push({ name: benchEnvNames.jobUid, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${jobUidLabel}']` } } });
  }
  const labels = benchLabels({ [runTokenLabel]: i.runToken });
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: benchJobName(i.runToken, templateKey(i)), namespace: namespaces.bench, labels, annotations: { [skipAwaitAnnotation]: "true" } },
    spec: {
      ...completionSpec(i.shards),
      activeDeadlineSeconds: i.activeDeadlineSeconds,
      template: {
        metadata: { labels, annotations: { "hcpbench.io/matrix-sha256": i.matrixSha256 } },
        spec: {
          serviceAccountName: benchServiceAccount,
          restartPolicy: "Never",
          enableServiceLinks: false,
          terminationGracePeriodSeconds: terminationGraceSeconds,
          nodeSelector: { ...i.placement.nodeSelector },
          tolerations: i.placement.tolerations.map((t) => ({ ...t })),
          securityContext: {
            runAsNonRoot: true,
            runAsUser: benchUid,
            runAsGroup: benchUid,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: "bench",
              image: benchImage,
              imagePullPolicy: "IfNotPresent",
              command: benchCommand(i.bundle),
              workingDir: scratchDir,
              env,
              resources: { requests: { ...i.resources.requests }, limits: { ...i.resources.limits } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              volumeMounts: [
                { name: "matrix", mountPath: matrixDir, readOnly: true },
                { name: "code", mountPath: codeDir, readOnly: true },
                { name: "scratch", mountPath: scratchDir },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [
            { name: "matrix", configMap: { name: i.matrixConfigMap } },
            { name: "code", configMap: { name: i.codeConfigMap } },
            { name: "scratch", emptyDir: { sizeLimit: "64Mi" } },
            { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
          ],
        },
      },
    },
  };
}
