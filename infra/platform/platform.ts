import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Config } from "../config/schema";
import { namespaces } from "../namespaces";
import type { Substrate } from "../substrate/substrate";
import { certManagerRelease } from "./certManager/certManagerRelease";
import { minioEndpoint, minioRegion, minioRelease, minioRootSecret, minioT4Secret, minioT4SecretName, minioT4User } from "./datastores/minioRelease";
import { existingSecretValues } from "../kubernetes/existingSecretValues";
import { backendDescriptor } from "../names/backends";
import type { PlatformComponentName } from "../names/platformComponents";
import { minioT4Keys } from "./presentComponents";
import { natsAuthSecret, natsAuthSecretName, natsRelease, natsUrl } from "./datastores/natsRelease";
import { adminSecretName, sqlImage, sqlPorts, sqlServerObjects, sqlServiceHost, type SqlEngine } from "./datastores/sqlServerObjects";
import { t4Endpoint, t4Release } from "./datastores/t4Release";
import { chartLocation } from "./chartSource";
import type { HelmReleaseSpec } from "./helmReleaseSpec";
import { k0smotronObjects, readK0smotronManifest } from "./k0smotron/k0smotronManifest";
import { kamajiEtcdCaSecretName, kamajiEtcdClientSecretName, kamajiEtcdEndpoints, kamajiEtcdIssuer, kamajiEtcdRelease } from "./kamaji/kamajiEtcdRelease";
import { kamajiRelease } from "./kamaji/kamajiRelease";
import { metricsServerRelease } from "./metricsServer/metricsServerRelease";
import { benchmarkDashboardConfigMap } from "./monitoring/benchmarkDashboard";
import { grafanaAdminSecretName, kubePrometheusStackRelease } from "./monitoring/kubePrometheusStackRelease";
import { platformMonitors } from "./monitoring/platformMonitors";
import type { ObjectStore, Platform, SqlServer } from "./platformOutputs";
import { platformPieces } from "./platformPieces";
import type { KubeObject } from "../kubernetes/kubeObject";
import { registerKubeObject } from "../kubernetes/registerKubeObject";

/**
 * The platform layer: cert-manager, the stack's operator (k0smotron or
 * Kamaji), metrics-server, kube-prometheus-stack with the benchmark
 * dashboard, and the shared datastores the backend needs. Everything here
 * comes from the pure builders beside this file; the components only
 * register what those return and wire the order between them. A component
 * set to `present` (platform.components) registers nothing: what depends on
 * it waits for nothing, and its outputs are the fixed names the preflight
 * checked (presentComponents.ts).
 */
export function createPlatform(cfg: Config, substrate: Substrate): Platform {
  return new PlatformComponent(cfg, substrate).platform;
}

/**
 * A generated password, as a Pulumi secret. Letters and digits only, so it
 * embeds in DSNs and URLs unescaped; 32 of them are ~190 bits.
 */
function password(name: string, length: number, parent: pulumi.Resource): pulumi.Output<string> {
  return pulumi.secret(new random.RandomPassword(`platform-${name}`, { length, special: false }, { parent }).result);
}

const namespaceObject = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "app.kubernetes.io/part-of": "hcpbench" } } });

class PlatformComponent extends pulumi.ComponentResource {
  readonly platform: Platform;

  constructor(cfg: Config, substrate: Substrate) {
    super("hcpbench:platform:Platform", "platform", {}, {});
    const pieces = platformPieces(cfg, substrate.resultsSink);
    const control = substrate.placement("control");
    const ready: pulumi.Resource[] = [];

    const part = (type: string, name: string) => new pulumi.ComponentResource(`hcpbench:platform:${type}`, name, {}, { parent: this });
    const k8sOpts = (parent: pulumi.Resource, dependsOn: pulumi.Resource[] = []): pulumi.CustomResourceOptions => ({
      parent,
      provider: substrate.provider,
      dependsOn: [...substrate.ready, ...dependsOn],
    });
    const object = (obj: KubeObject, parent: pulumi.Resource, dependsOn: pulumi.Resource[] = []) => registerKubeObject(obj, k8sOpts(parent, dependsOn));
    const installs = (c: PlatformComponentName) => cfg.platform.components[c] === "install";
    const release = (spec: HelmReleaseSpec, parent: pulumi.Resource, dependsOn: pulumi.Resource[] = []) => {
      const { chart, version, repo } = chartLocation(spec, cfg.platform.chartSource);
      return new k8s.helm.v3.Release(
        spec.name,
        {
          name: spec.name,
          namespace: spec.namespace,
          chart,
          version,
          ...(repo ? { repositoryOpts: { repo } } : {}),
          values: spec.values,
          timeout: spec.timeoutSeconds,
          waitForJobs: true,
          cleanupOnFail: true,
        },
        k8sOpts(parent, dependsOn),
      );
    };

    // ---- cert-manager and monitoring, on every stack
    const base = part("ClusterServices", "cluster-services");
    // Each namespace this layer creates, so whatever goes inside it can wait for it (and be deleted before it).
    const namespaceResources = new Map<string, pulumi.Resource>();
    const ns = (name: string, parent: pulumi.Resource = base) => {
      const registered = object(namespaceObject(name), parent);
      namespaceResources.set(name, registered);
      return registered;
    };
    // What waits for cert-manager's and monitoring's CRDs: their releases, or nothing when the cluster has them.
    const certManager: pulumi.Resource[] = [];
    const monitoring: pulumi.Resource[] = [];
    if (installs("certManager")) {
      certManager.push(release(certManagerRelease(control), base, [ns(namespaces.certManager)]));
    }
    const metricsServer = installs("metricsServer") ? [release(metricsServerRelease(control, { verifyKubeletTls: cfg.substrate === "aws" }), base)] : [];
    if (installs("monitoring")) {
      const monitoringNs = ns(namespaces.monitoring);
      const grafanaPassword = password("grafana-admin", 32, base);
      const grafanaSecret = object(
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: grafanaAdminSecretName, namespace: namespaces.monitoring },
          type: "Opaque",
          stringData: { "admin-user": "admin", "admin-password": grafanaPassword },
        },
        base,
        [monitoringNs],
      );
      monitoring.push(release(kubePrometheusStackRelease(control, substrate.storageClasses.general), base, [monitoringNs, grafanaSecret]));
      // The dashboard is for the chart's Grafana sidecar; a monitoring stack already present has its own Grafana and dashboards.
      object(benchmarkDashboardConfigMap(), base, [monitoringNs]);
    }
    ready.push(...certManager, ...metricsServer, ...monitoring);

    // ---- the operator this backend runs on
    const operator = part("Operator", pieces.operator);
    // A namespace holding a present component is the cluster's: registering it would adopt it and delete it on destroy.
    const kamajiNs = pieces.operator === "kamaji" && installs("operator") && (!pieces.kamajiEtcd || installs("kamajiEtcd")) ? [ns(namespaces.kamaji, operator)] : [];
    if (!installs("operator")) {
      // Present: the cluster runs it, with its CRDs and webhooks; nothing to register or wait for.
    } else if (pieces.operator === "k0smotron") {
      const objects = k0smotronObjects(readK0smotronManifest(), control);
      const nsObjects = objects.filter((o) => o.kind === "Namespace").map((o) => {
        const registered = object(o, operator);
        namespaceResources.set(o.metadata.name, registered);
        return registered;
      });
      for (const obj of objects.filter((o) => o.kind !== "Namespace")) {
        // The webhook Certificate and its Issuer are cert-manager kinds: their CRDs come with cert-manager.
        const registered = object(obj, operator, obj.apiVersion.startsWith("cert-manager.io/") ? [...nsObjects, ...certManager] : nsObjects);
        // Every object of the install is in `ready`, so every Cluster is deleted before any of them: the
        // controller needs its token, RBAC, webhook (Service, configurations, Certificate) and CRDs to remove
        // its finalizer; without them `destroy` hangs on the first Cluster.
        ready.push(registered);
      }
    } else {
      ready.push(release(kamajiRelease(cfg, control), operator, [...kamajiNs, ...certManager]));
    }
    if (pieces.kamajiEtcd && installs("kamajiEtcd")) {
      const issuer = object(kamajiEtcdIssuer(), operator, [...kamajiNs, ...certManager]);
      ready.push(release(kamajiEtcdRelease(control, substrate.storageClasses.datastore), operator, [...kamajiNs, issuer]));
    }

    // ---- shared datastores
    const data = part("Datastores", "datastores");
    const dataOwners = (["minio", "t4", "nats"] as const).filter((c) => pieces[c]);
    const dataNs = dataOwners.every(installs) ? [ns(namespaces.data, data)] : [];
    const sqlServer = (engine: SqlEngine): SqlServer => {
      const admin = password(`${engine}-admin`, 32, data);
      const objs = sqlServerObjects({
        cfg,
        engine,
        placement: substrate.placement(engine === "postgres" ? "db-postgres" : "db-mysql"),
        storageClass: substrate.storageClasses.database,
        adminPassword: admin,
      });
      // All of it in `ready`: Kamaji's TenantControlPlane finalizer logs in with the admin Secret through the
      // Service to drop the tenant's database and user, so none of it may go before the last TCP.
      for (const obj of objs) ready.push(object(obj, data, dataNs));
      return { engine, host: sqlServiceHost(engine), port: sqlPorts[engine], adminSecretName: adminSecretName(engine), adminPassword: admin, image: sqlImage(cfg, engine) };
    };
    const postgres = pieces.postgres ? sqlServer("postgres") : undefined;
    const mysql = pieces.mysql ? sqlServer("mysql") : undefined;

    let minio: ObjectStore | undefined;
    const minioInstall: pulumi.Resource[] = [];
    if (pieces.minio && !installs("minio") && backendDescriptor(cfg.fleet.backend).datastores.includes("minio")) {
      // T4 stores in the present MinIO with the T4 user of its Secret; a results-only MinIO needs no ObjectStore.
      const t4User = existingSecretValues(namespaces.data, minioT4SecretName, minioT4Keys, { provider: substrate.provider, parent: data });
      minio = { endpoint: minioEndpoint, bucket: cfg.objectStore.bucket, region: minioRegion, accessKey: t4User.accessKey, secretKey: t4User.secretKey, credentialsSecretName: minioT4SecretName };
    }
    if (pieces.minio && installs("minio")) {
      const sink = substrate.resultsSink;
      // A cluster you bring keeps its results in this MinIO, with the root login the substrate generated.
      const root =
        sink.kind === "minio" && sink.credentials
          ? sink.credentials
          : { accessKey: password("minio-root-user", 20, data), secretKey: password("minio-root-password", 40, data) };
      const t4Key = password("minio-t4-user", 40, data);
      const secrets = [object(minioRootSecret(root), data, dataNs), object(minioT4Secret(t4Key), data, dataNs)];
      const install = release(
        minioRelease({ cfg, placement: control, storageClass: substrate.storageClasses.general, resultsBucket: sink.kind === "minio" ? sink.bucket : undefined }),
        data,
        [...dataNs, ...secrets],
      );
      minioInstall.push(install);
      ready.push(install);
      minio = {
        endpoint: minioEndpoint,
        bucket: cfg.objectStore.bucket,
        region: minioRegion,
        accessKey: pulumi.output(minioT4User),
        secretKey: t4Key,
        credentialsSecretName: minioT4SecretName,
      };
    }
    if (pieces.t4 && installs("t4")) {
      if (!pieces.minio) throw new Error("t4 needs MinIO: the backend registry lists t4 without minio");
      ready.push(release(t4Release(cfg, control, substrate.storageClasses.datastore), data, minioInstall.length > 0 ? minioInstall : dataNs));
    }
    if (pieces.nats && installs("nats")) {
      const natsSecret = object(natsAuthSecret(password("nats-auth", 32, data)), data, dataNs);
      // Its chart's PodMonitor needs the monitoring CRDs. The Secret is a DataStore's login (kamaji-nats).
      ready.push(natsSecret, release(natsRelease(control, substrate.storageClasses.datastore), data, [natsSecret, ...monitoring]));
    }

    // ---- scrape targets of this stack's operator and datastores
    for (const monitor of platformMonitors(pieces, cfg.platform.components)) {
      const home = monitor.metadata.namespace ? namespaceResources.get(monitor.metadata.namespace) : undefined;
      object(monitor, base, [...monitoring, ...(home ? [home] : [])]);
    }

    const etcdRef = (name: string, keyPath: string) => ({ name, namespace: namespaces.kamaji, keyPath });
    this.platform = {
      postgres,
      mysql,
      minio,
      t4: pieces.t4 ? { endpoints: [t4Endpoint] } : undefined,
      nats: pieces.nats ? { url: natsUrl, adminSecretName: natsAuthSecretName } : undefined,
      kamajiEtcd: pieces.kamajiEtcd
        ? {
            endpoints: kamajiEtcdEndpoints,
            tlsSecretName: kamajiEtcdClientSecretName,
            tlsSecretNamespace: namespaces.kamaji,
            caSecretName: kamajiEtcdCaSecretName,
            dataStoreTls: {
              caCertificate: etcdRef(kamajiEtcdCaSecretName, "tls.crt"),
              caPrivateKey: etcdRef(kamajiEtcdCaSecretName, "tls.key"),
              clientCertificate: etcdRef(kamajiEtcdClientSecretName, "tls.crt"),
              clientPrivateKey: etcdRef(kamajiEtcdClientSecretName, "tls.key"),
            },
          }
        : undefined,
      ready,
    };
    this.registerOutputs({});
  }
}
