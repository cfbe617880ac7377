import { ApiregistrationV1Api, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { namespaces } from "../../infra/namespaces";
import { minioRootLogin } from "../../infra/names/minioRootLogin";
import type { PlatformComponentName } from "../../infra/names/platformComponents";
import { hasStatus } from "./kubeApi";

/**
 * What the e2e adopts as already present on the local cluster, and the
 * objects it creates so the cluster keeps that promise. Helm charts cannot be
 * fetched here, so the chart-installed components are present. The operator
 * is present too: the k0smotron manifest's admission and conversion webhooks
 * (failurePolicy Fail) need the operator's own pod to answer, and the Go
 * module proxy serves neither k0smotron v2.1.0 nor Kamaji 26.8.2-edge to
 * build them from; their CRDs come from the upstream fixtures instead.
 */
export const presentComponentNames = ["certManager", "monitoring", "metricsServer", "operator", "minio"] as const satisfies readonly PlatformComponentName[];

export const presentComponentSettings: readonly string[] = presentComponentNames.map((c) => `platform.components.${c}=present`);

/** crdSources components (upstreamCrds.ts) whose CRDs a present component provides. */
export const presentCrdComponents = ["cert-manager", "monitoring", "k0smotron", "kamaji"] as const;

/** The aggregated API a present metrics-server registers. */
export const metricsApiService = "v1beta1.metrics.k8s.io";

const ignoreConflict = (err: unknown) => {
  if (!hasStatus(err, 409)) throw err;
};

/**
 * The non-CRD objects of the present components, as their charts name them:
 * metrics-server's APIService, MinIO's namespace, Service and root login.
 * The login is random per run, never printed.
 */
export async function createPresentObjects(kc: KubeConfig, rootPassword: string): Promise<string[]> {
  const core = kc.makeApiClient(CoreV1Api);
  const apis = kc.makeApiClient(ApiregistrationV1Api);
  await apis
    .createAPIService({
      body: {
        metadata: { name: metricsApiService },
        spec: { group: "metrics.k8s.io", version: "v1beta1", groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: { namespace: "kube-system", name: "metrics-server" } },
      },
    })
    .catch(ignoreConflict);
  await core.createNamespace({ body: { metadata: { name: namespaces.data } } }).catch(ignoreConflict);
  await core
    .createNamespacedService({ namespace: namespaces.data, body: { metadata: { name: "minio" }, spec: { selector: { app: "minio" }, ports: [{ name: "api", port: 9000 }] } } })
    .catch(ignoreConflict);
  await core
    .createNamespacedSecret({ namespace: namespaces.data, body: { metadata: { name: minioRootLogin.secretName }, stringData: { rootUser: "hcpbench-e2e", rootPassword } } })
    .catch(ignoreConflict);
  return [`APIService ${metricsApiService}`, `Namespace ${namespaces.data}`, `Service ${namespaces.data}/minio`, `Secret ${namespaces.data}/${minioRootLogin.secretName}`];
}

/**
 * An aggregated API with no server behind it makes API discovery fail, and the
 * namespace controller then keeps every deleted namespace in Terminating. A
 * real metrics-server answers; the e2e's registration has no server, so it is
 * removed before `destroy`.
 */
export async function removeMetricsApiService(kc: KubeConfig): Promise<void> {
  await kc
    .makeApiClient(ApiregistrationV1Api)
    .deleteAPIService({ name: metricsApiService })
    .catch((err: unknown) => {
      if (!hasStatus(err, 404)) throw err;
    });
}
