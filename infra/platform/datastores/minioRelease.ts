import type * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../config/schema";
import { namespaces } from "../../namespaces";
import type { Placement } from "../../substrate/substrate";
import { charts, type HelmReleaseSpec } from "../helmReleaseSpec";
import { placementValues } from "../podPlacement";
import type { KubeObject } from "../../kubernetes/kubeObject";
import { minioRootLogin } from "../../names/minioRootLogin";

/** Fixed: the existing substrate points its results sink here. */
export const minioEndpoint = `http://minio.${namespaces.data}.svc.cluster.local:9000`;
/** MinIO ignores the region, but S3 clients insist on one. */
export const minioRegion = "us-east-1";

/** Root login (keys rootUser / rootPassword, the chart's existingSecret format). Only MinIO itself and the results sink use it. */
export const minioRootSecretName = minioRootLogin.secretName;
/**
 * The T4 user: may read and write the T4 bucket and nothing else. Keys
 * accessKey / secretKey (the ObjectStore contract) and T4_S3_ACCESS_KEY_ID /
 * T4_S3_SECRET_ACCESS_KEY (what the T4 chart reads from an existing Secret).
 */
export const minioT4SecretName = "minio-t4";
export const minioT4User = "hcpbench-t4";
const t4Policy = "hcpbench-t4-bucket";

export function minioRootSecret(credentials: { accessKey: pulumi.Input<string>; secretKey: pulumi.Input<string> }): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: minioRootSecretName, namespace: namespaces.data },
    type: "Opaque",
    stringData: { rootUser: credentials.accessKey, rootPassword: credentials.secretKey },
  };
}

export function minioT4Secret(secretKey: pulumi.Input<string>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: minioT4SecretName, namespace: namespaces.data },
    type: "Opaque",
    stringData: { accessKey: minioT4User, secretKey, T4_S3_ACCESS_KEY_ID: minioT4User, T4_S3_SECRET_ACCESS_KEY: secretKey },
  };
}

/**
 * MinIO, standalone, on the control pool with a general-purpose volume. The
 * image is the last one the community chart points at (Docker Hub's were
 * removed when the project was archived). Buckets, the T4 user and its policy
 * are created by the chart's post-install job; the chart's sample `console`
 * user (password console123) is removed.
 */
export function minioRelease(args: {
  cfg: Config;
  placement: Placement;
  storageClass: pulumi.Input<string>;
  /** The results bucket, when the results sink is this MinIO. */
  resultsBucket?: pulumi.Input<string>;
}): HelmReleaseSpec {
  const { cfg } = args;
  const where = placementValues(args.placement);
  const bucket = cfg.objectStore.bucket;
  const buckets: Record<string, unknown>[] = [{ name: bucket, policy: "none", purge: false }];
  if (args.resultsBucket !== undefined) buckets.push({ name: args.resultsBucket, policy: "none", purge: false });
  return {
    name: "minio",
    namespace: namespaces.data,
    ...charts.minio,
    timeoutSeconds: 600,
    values: {
      fullnameOverride: "minio",
      mode: "standalone",
      image: { repository: "quay.io/minio/minio", tag: "RELEASE.2024-12-18T13-15-44Z" },
      mcImage: { repository: "quay.io/minio/mc", tag: "RELEASE.2024-11-21T17-21-54Z" },
      existingSecret: minioRootSecretName,
      persistence: { enabled: true, size: `${cfg.objectStore.storageGiB}Gi`, storageClass: args.storageClass },
      resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "4Gi" } },
      ...where,
      postJob: { ...where },
      buckets,
      policies: [
        {
          name: t4Policy,
          statements: [
            { resources: [`arn:aws:s3:::${bucket}/*`], actions: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:DeleteObject", "s3:PutObject", "s3:ListMultipartUploadParts"] },
            { resources: [`arn:aws:s3:::${bucket}`], actions: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"] },
          ],
        },
      ],
      users: [{ accessKey: minioT4User, existingSecret: minioT4SecretName, existingSecretKey: "secretKey", policy: t4Policy }],
      svcaccts: [],
      // Metrics hold no data or credentials; public lets Prometheus scrape without a MinIO token.
      environment: { MINIO_PROMETHEUS_AUTH_TYPE: "public" },
    },
  };
}
