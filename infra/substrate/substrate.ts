import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { PoolName } from "../config/schema";

export interface Toleration {
  readonly key: string;
  readonly operator: "Equal" | "Exists";
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** Where a workload goes: what every pod spec of a pool's workloads sets. */
export interface Placement {
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: readonly Toleration[];
}

/** Where bench results land. */
export interface ResultsSink {
  readonly kind: "s3" | "minio";
  readonly bucket: pulumi.Input<string>;
  /** Key prefix under which the bench may write (`results`). */
  readonly prefix: string;
  readonly region: string;
  /** S3 endpoint URL for MinIO; undefined for AWS S3. */
  readonly endpoint?: string;
  /** Annotations for the bench service account (the IRSA role ARN on AWS). */
  readonly serviceAccountAnnotations: Record<string, pulumi.Input<string>>;
  /** Secret in the bench namespace with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (MinIO only; IRSA needs none). */
  readonly credentialsSecretName?: string;
}

/**
 * What the substrate layer hands the platform: a Kubernetes provider and the
 * facts needed to place workloads and store data on it. Both substrates
 * ("aws" and "existing") produce exactly this.
 */
export interface Substrate {
  readonly provider: k8s.Provider;
  /** Pure: the node selector and tolerations of a pool (empty on the existing substrate). */
  placement(pool: PoolName): Placement;
  readonly storageClasses: {
    /** For database and datastore volumes (io2 on AWS). */
    readonly database: pulumi.Input<string>;
    /** For everything else (MinIO, Prometheus, per-HCP etcd). */
    readonly general: pulumi.Input<string>;
  };
  readonly resultsSink: ResultsSink;
  /** Kubeconfig of the management cluster (secret). */
  readonly kubeconfig: pulumi.Output<string>;
  /** Resources the platform must wait for (node groups, CSI driver). */
  readonly ready: pulumi.Resource[];
}
