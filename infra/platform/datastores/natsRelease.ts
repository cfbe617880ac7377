import type * as pulumi from "@pulumi/pulumi";
import { namespaces } from "../../namespaces";
import type { Placement } from "../../substrate/substrate";
import { charts, type HelmReleaseSpec } from "../helmReleaseSpec";
import { placementValues } from "../podPlacement";
import type { KubeObject } from "../../kubernetes/kubeObject";

export const natsUrl = `nats://nats.${namespaces.data}.svc.cluster.local:4222`;
/** Keys `username` / `password`: the one NATS login, which Kamaji's DataStore uses. */
export const natsAuthSecretName = "nats-auth";
export const natsUser = "kamaji";

export function natsAuthSecret(password: pulumi.Input<string>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: natsAuthSecretName, namespace: namespaces.data },
    type: "Opaque",
    stringData: { username: natsUser, password },
  };
}

/**
 * Settings the chart's values do not model, merged into the server config.
 * `<< x >>` is the chart's marker for a raw (unquoted) value: the password
 * stays a reference to the environment (filled from the Secret), never text
 * in the ConfigMap. Kubernetes objects reach 1.5 MiB, over NATS' 1 MiB
 * default max_payload, so kine needs more; 8 MB is NATS' advised ceiling.
 */
const serverConfigMerge = {
  authorization: { user: natsUser, password: "<< $NATS_PASSWORD >>" },
  max_payload: "<< 8MB >>",
};

/**
 * NATS with JetStream for kamaji-nats: one server (Kamaji's NATS driver keeps
 * each TCP in a JetStream key-value bucket) on the control pool, its file
 * store on an io2 volume, password authentication, and the chart's Prometheus
 * exporter with a PodMonitor. nats-box (an interactive toolbox) is left out.
 */
export function natsRelease(placement: Placement, storageClass: pulumi.Input<string>): HelmReleaseSpec {
  return {
    name: "nats",
    namespace: namespaces.data,
    ...charts.nats,
    timeoutSeconds: 600,
    values: {
      fullnameOverride: "nats",
      config: {
        cluster: { enabled: false },
        jetstream: {
          enabled: true,
          fileStore: { enabled: true, dir: "/data", pvc: { enabled: true, size: "20Gi", storageClassName: storageClass }, maxSize: "18Gi" },
          memoryStore: { enabled: false },
        },
        merge: serverConfigMerge,
      },
      container: {
        env: { NATS_PASSWORD: { valueFrom: { secretKeyRef: { name: natsAuthSecretName, key: "password" } } } },
        resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "4Gi" } },
      },
      // The chart has no nodeSelector/tolerations keys; its pod template takes a merge patch.
      podTemplate: { merge: { spec: placementValues(placement) } },
      natsBox: { enabled: false },
      promExporter: { enabled: true, podMonitor: { enabled: true } },
    },
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function mergeOverwrite(base: Record<string, Json>, over: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v && typeof v === "object" && !Array.isArray(v) && b && typeof b === "object" && !Array.isArray(b) ? mergeOverwrite(b as Record<string, Json>, v as Record<string, Json>) : v;
  }
  return out;
}

/**
 * The nats.conf the nats 2.14.2 chart renders from these values, for the keys
 * hcpbench sets: files/config/config.yaml and config/jetstream.yaml, then
 * `config.merge`, then `nats.formatConfig` (pretty JSON, which nats-server
 * reads, with `"<< x >>"` unquoted to `x`). The tests run nats-server on it.
 */
export function natsServerConfig(values: Record<string, unknown>): string {
  const config = values.config as {
    nats?: { port?: number };
    monitor?: { enabled?: boolean; port?: number };
    jetstream: { enabled: boolean; fileStore: { enabled: boolean; dir: string; maxSize?: string }; memoryStore: { enabled: boolean; maxSize?: string } };
    merge?: Record<string, Json>;
  };
  const reloader = (values.reloader as { enabled?: boolean } | undefined)?.enabled ?? true;
  let conf: Record<string, Json> = {
    server_name: "<< $POD_NAME >>",
    lame_duck_grace_period: "10s",
    lame_duck_duration: "30s",
    pid_file: reloader ? "/var/run/nats/nats.pid" : "/var/run/nats.pid",
    port: config.nats?.port ?? 4222,
  };
  if (config.monitor?.enabled ?? true) conf.http_port = config.monitor?.port ?? 8222;
  const js = config.jetstream;
  if (js.enabled) {
    const jetstream: Record<string, Json> = {};
    if (js.memoryStore.enabled) {
      if (js.memoryStore.maxSize) jetstream.max_memory_store = `<< ${js.memoryStore.maxSize} >>`;
    } else jetstream.max_memory_store = 0;
    if (js.fileStore.enabled) {
      jetstream.store_dir = js.fileStore.dir;
      if (js.fileStore.maxSize) jetstream.max_file_store = `<< ${js.fileStore.maxSize} >>`;
    } else jetstream.max_file_store = 0;
    conf.jetstream = jetstream;
  }
  conf = mergeOverwrite(conf, config.merge ?? {});
  return JSON.stringify(conf, null, 2).replace(/"<<\s+(.*)\s+>>"/g, "$1");
}
