import type { OperatorName } from "../../names/backends";
import type { KubeObject } from "../../kubernetes/kubeObject";

/** One HCP's API server, as the fleet knows it. */
export interface HcpMonitorTarget {
  readonly name: string;
  readonly namespace: string;
  readonly operator: OperatorName;
  /** Labels of the Service in front of the HCP's API server. */
  readonly serviceSelector: Record<string, string>;
  /** Name of that Service's API port. */
  readonly portName: string;
}

/** Job label of every HCP API server series; the benchmark dashboard selects on it. */
export const hcpApiServerJob = "hcp-apiserver";

/**
 * What is kept from an API server's /metrics (tens of thousands of series
 * each, unfiltered): request rate and latency, storage (etcd) latency by
 * operation, object counts, in-flight load and the process itself.
 */
export const hcpApiServerKeptMetrics = [
  "apiserver_request_total",
  "apiserver_request_duration_seconds_(bucket|sum|count)",
  "etcd_request_duration_seconds_(bucket|sum|count)",
  "apiserver_storage_objects",
  "apiserver_resource_objects",
  "apiserver_current_inflight_requests",
  "apiserver_longrunning_requests",
  "apiserver_watch_events_total",
  "process_cpu_seconds_total",
  "process_resident_memory_bytes",
  "go_goroutines",
];

/** Histogram buckets dropped from both latency histograms: a dozen kept buckets still resolve 5 ms to 60 s. */
const droppedBuckets = "0.6|0.8|1.25|1.5|3|4|6|8|15|20|30|45";

/** The API server certificates carry this name whatever address Prometheus dials, so TLS is verified without a per-HCP name. */
const apiServerTlsName = "kubernetes.default.svc";

const secretKey = (name: string, key: string) => ({ secret: { name, key } });

/**
 * How Prometheus authenticates to each HCP API server: with a client
 * certificate signed by that HCP's own CA, and it verifies the server against
 * the same CA. prometheus-operator reads the referenced Secrets (they live
 * beside the HCP, in the fleet namespace) and hands them to Prometheus.
 *
 * - k0smotron keeps the cluster CA as `<name>-ca` (tls.crt/tls.key, Cluster API
 *   format), so a cert-manager CA Issuer per HCP signs a certificate for the
 *   group `system:monitoring`, which Kubernetes' bootstrap RBAC allows to GET
 *   /metrics and nothing else: least privilege, no object inside the HCP.
 * - Kamaji keeps its CA as `<name>-ca` with ca.crt/ca.key, which cert-manager
 *   cannot use, and documents scraping with the client certificate it already
 *   issues, `<name>-api-server-kubelet-client-certificate`.
 */
export function hcpApiServerMonitor(target: HcpMonitorTarget): KubeObject[] {
  const { name, namespace } = target;
  const labels = { "app.kubernetes.io/part-of": "hcpbench", "hcpbench.io/hcp": name };
  const objects: KubeObject[] = [];
  let tlsConfig: Record<string, unknown>;
  if (target.operator === "k0smotron") {
    const issuer = `${name}-monitoring-ca`;
    const clientSecret = `${name}-prometheus-client`;
    objects.push(
      { apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: { name: issuer, namespace, labels }, spec: { ca: { secretName: `${name}-ca` } } },
      {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: clientSecret, namespace, labels },
        spec: {
          secretName: clientSecret,
          commonName: "hcpbench-prometheus",
          subject: { organizations: ["system:monitoring"] },
          usages: ["digital signature", "client auth"],
          privateKey: { algorithm: "ECDSA", size: 256 },
          duration: "2160h",
          renewBefore: "360h",
          issuerRef: { name: issuer, kind: "Issuer", group: "cert-manager.io" },
        },
      },
    );
    tlsConfig = { ca: secretKey(`${name}-ca`, "tls.crt"), cert: secretKey(clientSecret, "tls.crt"), keySecret: { name: clientSecret, key: "tls.key" } };
  } else {
    const client = `${name}-api-server-kubelet-client-certificate`;
    tlsConfig = { ca: secretKey(`${name}-ca`, "ca.crt"), cert: secretKey(client, "apiserver-kubelet-client.crt"), keySecret: { name: client, key: "apiserver-kubelet-client.key" } };
  }
  objects.push({
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: { name: `${name}-apiserver`, namespace, labels },
    spec: {
      selector: { matchLabels: { ...target.serviceSelector } },
      namespaceSelector: { matchNames: [namespace] },
      endpoints: [
        {
          port: target.portName,
          scheme: "https",
          path: "/metrics",
          interval: "30s",
          scrapeTimeout: "20s",
          tlsConfig: { ...tlsConfig, serverName: apiServerTlsName },
          relabelings: [
            { action: "replace", targetLabel: "job", replacement: hcpApiServerJob },
            { action: "replace", targetLabel: "hcp", replacement: name },
            { action: "replace", targetLabel: "operator", replacement: target.operator },
          ],
          metricRelabelings: [
            { action: "keep", sourceLabels: ["__name__"], regex: `(${hcpApiServerKeptMetrics.join("|")})` },
            { action: "drop", sourceLabels: ["__name__", "le"], regex: `(apiserver_request|etcd_request)_duration_seconds_bucket;(${droppedBuckets})` },
          ],
        },
      ],
    },
  });
  return objects;
}
