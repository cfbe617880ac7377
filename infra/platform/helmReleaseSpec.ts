/**
 * One Helm release, as a pure value: the platform's chart builders return
 * these and the Platform component registers them as-is, so `plan` and the
 * tests see exactly what Helm will receive. Values never hold a secret
 * (credentials reach charts through existing Secrets), but may hold Pulumi
 * inputs such as the substrate's storage class names.
 */
export interface HelmReleaseSpec {
  readonly name: string;
  readonly namespace: string;
  /** Chart name in `repo`, or a full `oci://` reference. */
  readonly chart: string;
  readonly version: string;
  readonly repo?: string;
  readonly values: Record<string, unknown>;
  /** Seconds Helm waits for the release's workloads to become ready. */
  readonly timeoutSeconds: number;
}

/** Every chart the platform installs, pinned. The tests walk each release's values against these versions' defaults. */
export const charts = {
  certManager: { chart: "cert-manager", version: "v1.21.1", repo: "https://charts.jetstack.io" },
  kamaji: { chart: "kamaji", version: "0.0.0+latest", repo: "https://clastix.github.io/charts" },
  kamajiEtcd: { chart: "kamaji-etcd", version: "0.17.0", repo: "https://clastix.github.io/charts" },
  metricsServer: { chart: "metrics-server", version: "3.13.1", repo: "https://kubernetes-sigs.github.io/metrics-server/" },
  kubePrometheusStack: { chart: "kube-prometheus-stack", version: "88.5.3", repo: "https://prometheus-community.github.io/helm-charts" },
  minio: { chart: "minio", version: "5.4.0", repo: "https://charts.min.io/" },
  nats: { chart: "nats", version: "2.14.2", repo: "https://nats-io.github.io/k8s/helm/charts/" },
  t4: { chart: "oci://ghcr.io/t4db/charts/t4", version: "0.5.4" },
} as const;
