import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Config } from "../../config/schema";
import { namespaces } from "../../namespaces";
import type { Placement, ResultsSink, Substrate } from "../substrate";
import { placementFor } from "../pools";
import { kubeconfigPath, readKubeconfig, withCurrentContext } from "./kubeconfigSource";
import { existingSecretValues } from "../../kubernetes/existingSecretValues";
import { minioRootLogin } from "../../names/minioRootLogin";

/** Results land in the platform's in-cluster MinIO (release `minio` in the data namespace), in this bucket. */
export const existingResultsBucket = "hcpbench-results";
export const inClusterMinioEndpoint = `http://minio.${namespaces.data}.svc.cluster.local:9000`;
/** MinIO ignores the region, but S3 clients need one to sign requests. */
const minioRegion = "us-east-1";

/** A cluster you bring has no pools unless existing.placement says so: then nothing is pinned anywhere. */
export const noPlacement: Placement = { nodeSelector: {}, tolerations: [] };

/** existing.placement: pools places each workload as on AWS, on nodes labelled and tainted per pool. */
export function existingPlacement(cfg: Config): Substrate["placement"] {
  return cfg.existing.placement === "pools" ? placementFor : () => noPlacement;
}

export function existingStorageClasses(cfg: Config): Substrate["storageClasses"] {
  const database = cfg.existing.databaseStorageClass ?? cfg.existing.storageClass;
  return { database, datastore: database, general: cfg.existing.storageClass, perHcp: cfg.existing.storageClass };
}

export function existingResultsSink(cfg: Config, credentials: NonNullable<ResultsSink["credentials"]>): ResultsSink {
  return {
    kind: "minio",
    bucket: existingResultsBucket,
    prefix: cfg.results.prefix,
    region: minioRegion,
    endpoint: inClusterMinioEndpoint,
    serviceAccountAnnotations: {},
    credentials,
  };
}

/**
 * `hcpbench:substrate:Existing`: a cluster you bring (kind, k3d, an existing
 * EKS). No AWS; the Kubernetes provider comes from `existing.kubeconfig` /
 * `existing.context` (or $KUBECONFIG), and results go to the in-cluster
 * MinIO, whose root credentials are generated here as secrets, or, when the
 * cluster already runs that MinIO (platform.components.minio=present), read
 * from its root Secret.
 */
class ExistingSubstrate extends pulumi.ComponentResource {
  readonly provider: k8s.Provider;
  readonly credentials: NonNullable<ResultsSink["credentials"]>;

  constructor(cfg: Config) {
    super("hcpbench:substrate:Existing", "existing", {});
    const child = { parent: this };
    this.provider = new k8s.Provider(
      "existing-k8s",
      {
        // Unset: the provider falls back to $KUBECONFIG, then ~/.kube/config, like kubectl.
        kubeconfig: cfg.existing.kubeconfig ? kubeconfigPath(cfg.existing.kubeconfig) : undefined,
        context: cfg.existing.context,
        // Operator CRDs (k0smotron's) are too large for client-side apply annotations.
        enableServerSideApply: true,
      },
      child,
    );
    if (cfg.platform.components.minio === "present") {
      const root = existingSecretValues(namespaces.data, minioRootLogin.secretName, minioRootLogin.keys, { provider: this.provider, parent: this });
      this.credentials = { accessKey: root.rootUser, secretKey: root.rootPassword };
    } else {
      // MinIO wants an access key of 3+ and a secret key of 8+ characters; letters and digits keep them safe in env and URLs.
      const accessKey = new random.RandomPassword("results-minio-access-key", { length: 20, special: false }, child);
      const secretKey = new random.RandomPassword("results-minio-secret-key", { length: 40, special: false }, child);
      this.credentials = { accessKey: pulumi.secret(accessKey.result), secretKey: pulumi.secret(secretKey.result) };
    }
    this.registerOutputs({});
  }
}

export function createExistingSubstrate(cfg: Config): Substrate {
  // Read and check the kubeconfig before registering anything: a wrong context stops the program cleanly.
  const text = readKubeconfig(kubeconfigPath(cfg.existing.kubeconfig));
  const kubeconfig = text === undefined ? "" : withCurrentContext(text, cfg.existing.context);
  const component = new ExistingSubstrate(cfg);
  return {
    provider: component.provider,
    placement: existingPlacement(cfg),
    storageClasses: existingStorageClasses(cfg),
    resultsSink: existingResultsSink(cfg, component.credentials),
    // Empty when the file is absent at plan time; `up` cannot run without it anyway.
    kubeconfig: pulumi.secret(kubeconfig),
    ready: [],
  };
}
