import type * as pulumi from "@pulumi/pulumi";
import { namespaces } from "../../namespaces";
import type { Placement } from "../../substrate/substrate";
import { charts, type HelmReleaseSpec } from "../helmReleaseSpec";
import { placementValues } from "../podPlacement";

/** Secret (namespace monitoring) with Grafana's admin login, keys `admin-user` and `admin-password`. */
export const grafanaAdminSecretName = "grafana-admin";

/**
 * Prometheus storage for one stack's whole life (a sweep destroys each stack
 * after its runs). The biggest source is the HCP API servers: after the
 * metric filter in hcpApiServerMonitor about 10k series each, so 1M series
 * at 100 HCPs, plus about 100k for the cluster itself. At a 15 s interval and
 * ~1.5 bytes per compressed sample that is ~9 GB a day; a stack lives 6-12 h.
 * 40 GB by size (on a 50 GiB volume, leaving room for the WAL and compaction)
 * or 14 days, whichever comes first, keeps a long sweep's stack whole.
 */
export const prometheusStorage = { volumeGi: 50, retentionSize: "40GB", retention: "14d", scrapeInterval: "15s" } as const;

/**
 * kube-prometheus-stack with Grafana, everything on the control pool except
 * node-exporter (a DaemonSet that must run on every node to report worker
 * CPU and memory; its default toleration already admits the tainted pools).
 * Every ServiceMonitor and PodMonitor in the cluster is picked up, not only
 * the chart's own. EKS runs the control plane, so its etcd, scheduler,
 * controller-manager and kube-proxy are not scraped. Memory is sized for the
 * ~1.1M active series above (~4 KiB each in the head block).
 */
export function kubePrometheusStackRelease(placement: Placement, storageClass: pulumi.Input<string>): HelmReleaseSpec {
  const where = placementValues(placement);
  return {
    name: "kube-prometheus-stack",
    namespace: namespaces.monitoring,
    ...charts.kubePrometheusStack,
    timeoutSeconds: 900,
    values: {
      alertmanager: { enabled: false },
      kubeEtcd: { enabled: false },
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeProxy: { enabled: false },
      prometheusOperator: {
        ...where,
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
        admissionWebhooks: { patch: { ...where } },
      },
      prometheus: {
        prometheusSpec: {
          ...where,
          scrapeInterval: prometheusStorage.scrapeInterval,
          retention: prometheusStorage.retention,
          retentionSize: prometheusStorage.retentionSize,
          storageSpec: {
            volumeClaimTemplate: {
              spec: { storageClassName: storageClass, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${prometheusStorage.volumeGi}Gi` } } },
            },
          },
          resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { memory: "16Gi" } },
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
        },
      },
      grafana: {
        ...where,
        admin: { existingSecret: grafanaAdminSecretName, userKey: "admin-user", passwordKey: "admin-password" },
        testFramework: { enabled: false },
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
        // The benchmark dashboard is a labelled ConfigMap (benchmarkDashboard.ts) that this sidecar loads.
        sidecar: { dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" } },
      },
      "kube-state-metrics": { ...where, resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } } },
    },
  };
}
