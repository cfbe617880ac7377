import type * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../config/schema";
import { namespaces } from "../../namespaces";
import type { Placement } from "../../substrate/substrate";
import { charts, type HelmReleaseSpec } from "../helmReleaseSpec";
import { placementValues } from "../podPlacement";
import { minioEndpoint, minioRegion, minioT4SecretName } from "./minioRelease";

const clientPort = 3379;
/** etcd-API endpoint of the T4 server; HCPs use it as their external etcd. */
export const t4Endpoint = `http://t4.${namespaces.data}.svc.cluster.local:${clientPort}`;
/** Key prefix of the standalone server in the T4 bucket (kine-t4 HCPs write beside it under their own prefixes). */
export const t4StandalonePrefix = "t4-standalone";

/**
 * T4 standalone from its chart, in front of MinIO: one node (T4's leader lock
 * lives in S3, so more would only add followers), its local WAL and Pebble
 * data on an io2 volume like the other datastores. The chart's version pins
 * the image (its appVersion). Credentials come from the T4 user's Secret.
 */
export function t4Release(cfg: Config, placement: Placement, storageClass: pulumi.Input<string>): HelmReleaseSpec {
  return {
    name: "t4",
    namespace: namespaces.data,
    ...charts.t4,
    timeoutSeconds: 600,
    values: {
      replicaCount: 1,
      s3: { bucket: cfg.objectStore.bucket, prefix: t4StandalonePrefix, endpoint: minioEndpoint, region: minioRegion, existingSecret: minioT4SecretName },
      persistence: { enabled: true, storageClass, size: "20Gi" },
      service: { port: clientPort },
      resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "4Gi" } },
      ...placementValues(placement),
    },
  };
}
