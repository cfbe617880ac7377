import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../config/schema";
import { namespaces } from "../../namespaces";
import type { Placement } from "../../substrate/substrate";
import { placementValues } from "../podPlacement";
import type { KubeObject } from "../../kubernetes/kubeObject";
import { mysqlConfFragment, postgresConfFragment } from "./databaseSettings";

export type SqlEngine = "postgres" | "mysql";

/** Everything about an engine that differs between PostgreSQL and MySQL. */
interface EngineSpec {
  readonly image: string;
  readonly port: number;
  readonly adminUser: string;
  readonly configFile: string;
  readonly configDir: string;
  readonly configText: string;
  readonly dataDir: string;
  readonly env: Record<string, unknown>[];
  readonly args: string[];
  readonly readiness: string;
  readonly extraVolumes: { volume: Record<string, unknown>; mount: Record<string, unknown> }[];
  readonly exporter: { image: string; port: number; args: string[]; env: Record<string, unknown>[] };
}

/** uid/gid of the postgres and mysql users in both official images. */
const dbUid = 999;

export const adminSecretName = (engine: SqlEngine) => `${engine}-admin`;
export const sqlServiceHost = (engine: SqlEngine) => `${engine}.${namespaces.data}.svc.cluster.local`;
export const sqlPorts: Record<SqlEngine, number> = { postgres: 5432, mysql: 3306 };
export const sqlImage = (cfg: Config, engine: SqlEngine) => (engine === "postgres" ? `postgres:${cfg.databases.postgres.version}` : `mysql:${cfg.databases.mysql.version}`);

const fromAdminSecret = (engine: SqlEngine, name: string, key: "username" | "password") => ({ name, valueFrom: { secretKeyRef: { name: adminSecretName(engine), key } } });

function engineSpec(cfg: Config, engine: SqlEngine): EngineSpec {
  const profile = cfg.databases.tuning;
  if (engine === "postgres") {
    return {
      image: sqlImage(cfg, engine),
      port: sqlPorts.postgres,
      adminUser: "postgres",
      configFile: "postgresql.conf",
      configDir: "/etc/postgresql",
      // The whole server file: listen beyond localhost, then the tuning fragment.
      configText: `listen_addresses = '*'\n${postgresConfFragment(profile)}`,
      dataDir: "/var/lib/postgresql/data",
      env: [
        fromAdminSecret(engine, "POSTGRES_USER", "username"),
        fromAdminSecret(engine, "POSTGRES_PASSWORD", "password"),
        // A subdirectory: the volume's root holds lost+found, and initdb wants an empty directory.
        { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
      ],
      args: ["-c", "config_file=/etc/postgresql/postgresql.conf"],
      readiness: 'pg_isready -q -h 127.0.0.1 -U "$POSTGRES_USER"',
      extraVolumes: [
        // Parallel queries use POSIX shared memory; a container's /dev/shm is 64 MiB by default.
        { volume: { name: "shm", emptyDir: { medium: "Memory", sizeLimit: "1Gi" } }, mount: { name: "shm", mountPath: "/dev/shm" } },
      ],
      exporter: {
        image: "quay.io/prometheuscommunity/postgres-exporter:v0.17.1",
        port: 9187,
        args: [],
        env: [
          { name: "DATA_SOURCE_URI", value: "127.0.0.1:5432/postgres?sslmode=disable" },
          fromAdminSecret(engine, "DATA_SOURCE_USER", "username"),
          fromAdminSecret(engine, "DATA_SOURCE_PASS", "password"),
        ],
      },
    };
  }
  return {
    image: sqlImage(cfg, engine),
    port: sqlPorts.mysql,
    adminUser: "root",
    configFile: "hcpbench.cnf",
    configDir: "/etc/mysql/conf.d",
    configText: mysqlConfFragment(profile),
    dataDir: "/var/lib/mysql",
    env: [fromAdminSecret(engine, "MYSQL_ROOT_PASSWORD", "password")],
    args: [],
    readiness: 'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysqladmin ping --protocol=TCP -h 127.0.0.1 -uroot --silent',
    extraVolumes: [],
    exporter: {
      image: "prom/mysqld-exporter:v0.17.2",
      port: 9104,
      args: ["--mysqld.address=127.0.0.1:3306", "--mysqld.username=root"],
      env: [fromAdminSecret(engine, "MYSQLD_EXPORTER_PASSWORD", "password")],
    },
  };
}

export interface SqlServerArgs {
  readonly cfg: Config;
  readonly engine: SqlEngine;
  /** The database pool's placement (`db-postgres` / `db-mysql`). */
  readonly placement: Placement;
  readonly storageClass: pulumi.Input<string>;
  /** Generated admin password (a Pulumi secret in the program). */
  readonly adminPassword: pulumi.Input<string>;
}

/**
 * A shared SQL server as the original run had it: one pod on its own
 * r6i.xlarge node with its data on an io2 volume. Requests leave ~2 GiB and
 * ~0.7 CPU of the node (~29.5 GiB / 3.92 CPU allocatable) to the DaemonSets
 * and the exporter; no CPU limit, so the database is never throttled on a
 * node it has to itself.
 */
export function sqlServerObjects(args: SqlServerArgs): KubeObject[] {
  const { cfg, engine } = args;
  const spec = engineSpec(cfg, engine);
  const namespace = namespaces.data;
  const labels = { "app.kubernetes.io/name": engine, "app.kubernetes.io/part-of": "hcpbench", "app.kubernetes.io/component": "datastore" };
  const configSha = createHash("sha256").update(spec.configText).digest("hex");
  const probe = { exec: { command: ["/bin/sh", "-c", spec.readiness] } };
  return [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: adminSecretName(engine), namespace, labels },
      type: "Opaque",
      stringData: { username: spec.adminUser, password: args.adminPassword },
    },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `${engine}-config`, namespace, labels }, data: { [spec.configFile]: spec.configText } },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: engine, namespace, labels },
      spec: { type: "ClusterIP", selector: { "app.kubernetes.io/name": engine }, ports: [{ name: engine, port: spec.port, targetPort: engine }] },
    },
    {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: engine, namespace, labels },
      spec: {
        serviceName: engine,
        replicas: 1,
        selector: { matchLabels: { "app.kubernetes.io/name": engine } },
        template: {
          // A changed tuning profile rolls the pod; the server reads its configuration only at start.
          metadata: { labels, annotations: { "hcpbench.io/config-sha256": configSha } },
          spec: {
            ...placementValues(args.placement),
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: 120,
            securityContext: { runAsNonRoot: true, runAsUser: dbUid, runAsGroup: dbUid, fsGroup: dbUid, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name: engine,
                image: spec.image,
                args: spec.args,
                env: spec.env,
                ports: [{ name: engine, containerPort: spec.port }],
                readinessProbe: { ...probe, initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 3 },
                livenessProbe: { tcpSocket: { port: spec.port }, initialDelaySeconds: 60, periodSeconds: 20, failureThreshold: 6 },
                resources: { requests: { cpu: "3", memory: "26Gi" }, limits: { memory: "26Gi" } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                volumeMounts: [
                  // MySQL too refuses to initialise a data directory that holds lost+found.
                  { name: "data", mountPath: spec.dataDir, ...(engine === "mysql" ? { subPath: "mysql" } : {}) },
                  { name: "config", mountPath: spec.configDir, readOnly: true },
                  ...spec.extraVolumes.map((v) => v.mount),
                ],
              },
              {
                name: "exporter",
                image: spec.exporter.image,
                args: spec.exporter.args,
                env: spec.exporter.env,
                ports: [{ name: "metrics", containerPort: spec.exporter.port }],
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              },
            ],
            volumes: [{ name: "config", configMap: { name: `${engine}-config` } }, ...spec.extraVolumes.map((v) => v.volume)],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: "data", labels },
            spec: { accessModes: ["ReadWriteOnce"], storageClassName: args.storageClass, resources: { requests: { storage: `${cfg.databases.volume.sizeGiB}Gi` } } },
          },
        ],
      },
    },
  ];
}
