import { z } from "zod";
import { apiAccessCidrProblem } from "./cidr";
import { instanceTypeNames, regionNames, regions, type RegionName } from "../aws/catalog";
import { backendDescriptor, backendNames } from "../names/backends";
import { kubernetesMinor, operatorSupport } from "../names/operators";
import { componentModes, platformComponentNames, type PlatformComponentName } from "../names/platformComponents";
import { presetNames } from "../names/presets";
import { hotHcpCount, profileNames } from "../names/profiles";

/**
 * The single source of truth for every stack setting and its default.
 * Stack files (stacks/Pulumi.<stack>.yaml) hold only what differs from here;
 * Pulumi's own config defaults are not used because mocks ignore them.
 * Every object is strict so a mistyped key is an error, not a silent default.
 */

/** A whole number; `what` documents the setting where it is declared. */
const count = (_what: string) => z.number().int();

const pool = (instanceType: (typeof instanceTypeNames)[number], nodes: number, diskGiB = 100) =>
  z
    .strictObject({
      instanceType: z.enum(instanceTypeNames).default(instanceType),
      count: count("nodes in the pool").min(1).max(50).default(nodes),
      diskGiB: count("root volume GiB").min(20).max(2000).default(diskGiB),
    })
    .prefault({});

export const tuningProfileNames = ["default", "tuned"] as const;

const awsSchema = z
  .strictObject({
    region: z.enum(regionNames).default("us-east-1"),
    /** Every node, volume and database lives in this zone. */
    az: z.string().default("us-east-1a"),
    /**
     * Pins aws.az by zone ID (e.g. "use1-az4"): zone names map to different zones in each account,
     * so `up` refuses to start when aws.az is another zone in this account, and names the right one.
     */
    azId: z.string().regex(/^[a-z]{2,6}\d-az\d{1,2}$/, { error: 'must be a zone ID such as "use1-az4"' }).optional(),
    /** EKS needs control-plane subnets in two zones; only the EKS ENIs use this one. Defaults to the next zone. */
    eksSecondaryAz: z.string().optional(),
    vpcCidr: z
      .string()
      .regex(/^10\.(\d{1,3})\.0\.0\/16$/, { error: "must be a 10.x.0.0/16 block" })
      .default("10.40.0.0/16"),
    /** CIDRs allowed to reach the public EKS API endpoint; empty means private endpoint only. A block covering every address (/0) or an invalid one is refused. */
    apiAccessCidrs: z.array(z.string()).default([]),
  })
  .prefault({});

const clusterSchema = z
  .strictObject({
    /** EKS (management cluster) Kubernetes version. */
    kubernetesVersion: z.string().regex(/^1\.\d{2}$/, { error: 'must be an EKS minor version such as "1.33"' }).default("1.33"),
    pools: z
      .strictObject({
        control: pool("c5.4xlarge", 1),
        // 250 GiB: 100 for images and logs, plus the node-local per-HCP volumes (1 GiB each, 100 HCPs x 3 replicas over 3 nodes).
        hcp: pool("m5.4xlarge", 3, 250),
        "db-postgres": pool("r6i.xlarge", 1),
        "db-mysql": pool("r6i.xlarge", 1),
      })
      .prefault({}),
    /**
     * Where the per-HCP volumes (etcd, embedded NATS) live. `local-path`: a folder on the hcp node's own
     * disk, no EBS attachment. `ebs`: a gp3 volume each, which `plan` refuses once they outnumber the
     * pool's attachment slots.
     */
    hcpStorage: z.enum(["local-path", "ebs"]).default("local-path"),
  })
  .prefault({});

const databasesSchema = z
  .strictObject({
    postgres: z.strictObject({ version: z.string().regex(/^\d+\.\d+$/).default("16.10") }).prefault({}),
    mysql: z.strictObject({ version: z.string().regex(/^\d+\.\d+\.\d+$/).default("8.4.6") }).prefault({}),
    volume: z
      .strictObject({
        sizeGiB: count("io2 volume GiB").min(4).max(16384).default(100),
        iops: count("io2 provisioned IOPS").min(100).max(256000).default(5000),
      })
      .prefault({}),
    /**
     * Provisioned IOPS of each shared datastore's io2 volume (kamaji-etcd members, NATS JetStream, T4; 20 GiB
     * each): their own figure, not the SQL servers'. 3000 matches gp3's baseline and is far above the
     * 500 sequential IOPS etcd's hardware guide asks for a heavily loaded cluster; io2 allows at most 1000 per GiB.
     */
    datastoreIops: count("io2 provisioned IOPS of each datastore volume").min(100).max(256000).default(3000),
    /** `default` changes only max_connections=2000, as the original run did; `tuned` sizes memory and IO for r6i.xlarge. */
    tuning: z.enum(tuningProfileNames).default("default"),
  })
  .prefault({});

const objectStoreSchema = z
  .strictObject({
    /** MinIO bucket used by T4 (kine-t4 and t4-standalone). */
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{2,62}$/).default("hcpbench-t4"),
    storageGiB: count("MinIO volume GiB").min(1).max(16384).default(50),
  })
  .prefault({});

const resultsSchema = z
  .strictObject({
    /** Key prefix under which every result lands; the bench role may write only here. */
    prefix: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).default("results"),
    /** Sweep id: the first path element under the prefix. */
    sweepId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/).default("manual"),
    expireDays: count("days before results expire").min(1).max(3650).default(365),
    /**
     * Keep the results bucket (with its encryption, public access block and policy) when the stack is
     * destroyed, so no result is lost; `hcpbench gc` lists kept buckets and deletes empty ones.
     * false: `destroy` deletes the bucket and every result in it.
     */
    keepBucket: z.boolean().default(true),
  })
  .prefault({});

const fleetSchema = z.strictObject({
  backend: z.enum(backendNames),
  count: count("HCPs in the fleet").min(1).max(1000),
  preset: z.enum(presetNames).default("unlimited"),
  replicas: z.union([z.literal(1), z.literal(3)], { error: "must be 1 or 3" }).default(1),
  /** HCPs created at once; the next wave starts when one of these is Ready. */
  parallelism: count("HCPs created at once").min(1).max(100).default(10),
  /**
   * Pulumi waits for each HCP to serve before the next wave and the bench. false: create them
   * all without waiting (`pulumi.com/skipAwait`), for clusters where no HCP can come up (kwok).
   */
  awaitReady: z.boolean().default(true),
  /** Kubernetes version of every HCP. */
  kubernetesVersion: z.string().regex(/^v?1\.\d+\.\d+$/, { error: 'must be a version such as "1.33.4"' }).default("1.33.4"),
  /**
   * kine-t4 only: the k0s image (repository, tag) whose kine has the T4 driver; stock k0s images lack it.
   * Default: the build the original benchmark ran (k0s v1.35.1, amd64). Its tag, not kubernetesVersion, is what the HCPs run.
   */
  kineT4Image: z
    .strictObject({
      repository: z.string().regex(/^[a-z0-9][a-z0-9._/-]*(:\d+)?[a-z0-9._/-]*$/, { error: "must be an image repository without a tag, e.g. makhov/k0s" }).default("makhov/k0s"),
      tag: z.string().regex(/^v1\.\d+\.\d+-k0s\.\d+[A-Za-z0-9._-]*$/, { error: 'must be a k0s image tag such as "v1.35.1-k0s.1-t4-4-amd64"' }).default("v1.35.1-k0s.1-t4-4-amd64"),
    })
    .prefault({}),
});

const benchSchema = z
  .strictObject({
    /** Run the bench Jobs as part of `pulumi up`. */
    enabled: z.boolean().default(true),
    profiles: z.array(z.enum(profileNames)).min(1).default(["create-list", "watch-churn"]),
    concurrency: z.array(count("clients").min(1).max(10000)).min(1).default([50, 200, 500, 1000]),
    ops: count("operations per point").min(1).max(10_000_000).default(10000),
    warmup: count("warm-up operations").min(0).max(100_000).default(50),
    runs: count("runs per point").min(1).max(20).default(3),
    watchers: count("watchers").min(1).max(10000).default(25),
    /**
     * Load pods for the fleet (mixed-*) points: above 1 the bench Job is an Indexed Job, each pod
     * drives its own contiguous share of the HCPs and the shards of a point merge into one result
     * (workloads/loadgen/job/shardMerge.ts). At most fleet.count, so no shard is empty.
     */
    shards: count("load pods").min(1).max(1000).default(1),
    /** Bumped by `hcpbench run` so the bench Jobs are recreated without touching the fleet. */
    runToken: z.string().regex(/^[a-z0-9-]{1,20}$/).default("initial"),
    /** After the bench, run the upstream e2e suite (focus sig-api-machinery) against every HCP (workloads/conformance). */
    conformance: z.boolean().default(false),
  })
  .prefault({});

const existingSchema = z
  .strictObject({
    /** Path to a kubeconfig; empty uses $KUBECONFIG or ~/.kube/config. */
    kubeconfig: z.string().optional(),
    context: z.string().optional(),
    storageClass: z.string().default("standard"),
    databaseStorageClass: z.string().optional(),
    /**
     * none: nothing is pinned (any node). pools: the workloads ask for their pool's nodes as on AWS
     * (label and toleration of infra/substrate/pools.ts), for a cluster whose nodes carry them (`lab cluster up`).
     */
    placement: z.enum(["none", "pools"]).default("none"),
  })
  .prefault({});

const componentMode = z.enum(componentModes).default("install");

const platformSchema = z
  .strictObject({
    /**
     * Per component, `install` (hcpbench installs and deletes it) or `present` (the cluster already runs
     * it; hcpbench registers nothing of it and the preflight checks what it provides). Only on a cluster
     * you bring: an AWS test-bed's cluster is new.
     */
    components: z
      .strictObject({
        certManager: componentMode,
        /** kube-prometheus-stack, or any Prometheus Operator: hcpbench's PodMonitors need its CRDs. */
        monitoring: componentMode,
        metricsServer: componentMode,
        /** The stack's operator: the k0smotron manifest or the Kamaji chart. */
        operator: componentMode,
        minio: componentMode,
        nats: componentMode,
        t4: componentMode,
        kamajiEtcd: componentMode,
      } satisfies Record<PlatformComponentName, typeof componentMode>)
      .prefault({}),
    /**
     * Where the Helm charts come from. Unset: each chart's upstream repository. `folder`: the archives
     * `helm pull` writes (`<folder>/<chart>-<version>.tgz`), for clusters without internet.
     */
    chartSource: z.strictObject({ folder: z.string().regex(/^\//, { error: "must be an absolute path" }) }).optional(),
  })
  .prefault({});

export const configSchema = z
  .strictObject({
    substrate: z.enum(["aws", "existing"]).default("aws"),
    aws: awsSchema,
    cluster: clusterSchema,
    databases: databasesSchema,
    objectStore: objectStoreSchema,
    results: resultsSchema,
    tags: z.record(z.string().regex(/^[A-Za-z0-9 _.:/=+@-]{1,128}$/), z.string().max(256)).default({}),
    fleet: fleetSchema,
    bench: benchSchema,
    existing: existingSchema,
    platform: platformSchema,
  })
  .superRefine((cfg, ctx) => {
    const zones = regions[cfg.aws.region as RegionName].map((l) => `${cfg.aws.region}${l}`);
    if (!zones.includes(cfg.aws.az)) {
      ctx.addIssue({ code: "custom", path: ["aws", "az"], message: `must be a zone of ${cfg.aws.region}: ${zones.join(", ")} (got "${cfg.aws.az}")` });
    }
    if (cfg.aws.eksSecondaryAz !== undefined && (!zones.includes(cfg.aws.eksSecondaryAz) || cfg.aws.eksSecondaryAz === cfg.aws.az)) {
      ctx.addIssue({
        code: "custom",
        path: ["aws", "eksSecondaryAz"],
        message: `must be another zone of ${cfg.aws.region} than aws.az: ${zones.filter((z) => z !== cfg.aws.az).join(", ")}`,
      });
    }
    cfg.aws.apiAccessCidrs.forEach((cidr, i) => {
      const problem = apiAccessCidrProblem(cidr);
      if (problem) ctx.addIssue({ code: "custom", path: ["aws", "apiAccessCidrs", i], message: problem });
    });
    // io2 allows at most 1000 provisioned IOPS per GiB; EBS would refuse the database volume at `up` time.
    const { sizeGiB, iops } = cfg.databases.volume;
    if (cfg.substrate === "aws" && iops > sizeGiB * 1000) {
      ctx.addIssue({
        code: "custom",
        path: ["databases", "volume", "iops"],
        message: `must be at most 1000 per GiB of databases.volume.sizeGiB for io2: at most ${sizeGiB * 1000} for ${sizeGiB} GiB (got ${iops})`,
      });
    }
    if (cfg.substrate === "aws") {
      for (const c of platformComponentNames.filter((c) => cfg.platform.components[c] === "present")) {
        ctx.addIssue({ code: "custom", path: ["platform", "components", c], message: 'must be "install" on substrate aws: the test-bed\'s cluster is new and runs nothing yet (got "present")' });
      }
    }
    const backend = backendDescriptor(cfg.fleet.backend);
    if (cfg.fleet.replicas > backend.maxReplicas) {
      ctx.addIssue({
        code: "custom",
        path: ["fleet", "replicas"],
        message: `must be ${backend.maxReplicas} for ${backend.name}: its storage lives inside the HCP pod and cannot be shared by replicas`,
      });
    }
    const shards = shardsProblem(cfg.bench, cfg.fleet.count);
    if (shards) ctx.addIssue({ code: "custom", path: ["bench", "shards"], message: shards });
    const support = operatorSupport[backend.operator];
    const minor = kubernetesMinor(cfg.fleet.kubernetesVersion);
    if (minor !== undefined && (minor < support.minMinor || minor > support.maxMinor)) {
      ctx.addIssue({
        code: "custom",
        path: ["fleet", "kubernetesVersion"],
        message: `must be between 1.${support.minMinor} and 1.${support.maxMinor} for ${support.name} ${support.release} (got "${cfg.fleet.kubernetesVersion}")`,
      });
    }
  });

/** bench.shards against the fleet: each shard needs an HCP, and with mixed-hot a hot one. A fleet.count below 1 is its own problem. */
function shardsProblem(bench: { shards: number; profiles: readonly string[] }, count: number): string | undefined {
  if (count < 1) return undefined;
  if (bench.shards > count) return `must be between 1 and fleet.count (${count}): each shard drives at least one HCP (got ${bench.shards})`;
  const hot = hotHcpCount(count);
  if (bench.profiles.includes("mixed-hot") && bench.shards > hot) {
    return `must be between 1 and ${hot} with mixed-hot: the hot HCPs (10 % of fleet.count ${count}) are split over the shards, each needs one (got ${bench.shards})`;
  }
  return undefined;
}

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type PoolName = keyof Config["cluster"]["pools"];
export const poolNames = ["control", "hcp", "db-postgres", "db-mysql"] as const satisfies readonly PoolName[];

/** The EKS control-plane's second zone: the configured one, or the zone after aws.az. */
export function eksSecondaryAz(cfg: Config): string {
  if (cfg.aws.eksSecondaryAz) return cfg.aws.eksSecondaryAz;
  const zones = regions[cfg.aws.region as RegionName].map((l) => `${cfg.aws.region}${l}`);
  const i = zones.indexOf(cfg.aws.az);
  return zones[(i + 1) % zones.length];
}
