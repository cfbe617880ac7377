/**
 * The Job's environment: where results go and who it is. Kept apart from matrix.json because the
 * bucket is a Pulumi output on AWS and the MinIO keys come from a Secret.
 */
export interface BenchJobEnv {
  readonly stack: string;
  readonly sweepId: string;
  readonly runToken: string;
  readonly results: {
    readonly bucket: string;
    readonly prefix: string;
    readonly region: string;
    /** MinIO (existing substrate): S3-compatible endpoint, path-style; AWS S3 when undefined. */
    readonly endpoint?: string;
  };
  /** A kubeconfig for the management cluster; in-cluster service-account auth when undefined. */
  readonly managementKubeconfig?: string;
  /** A pod of a sharded (Indexed) Job: its index and the Job's uid. */
  readonly shard?: { readonly index: number; readonly jobUid: string };
}

/** The variable names, in one place for the Job builder and the Job. */
export const benchEnvNames = {
  stack: "HCPBENCH_STACK",
  sweepId: "HCPBENCH_SWEEP_ID",
  runToken: "HCPBENCH_RUN_TOKEN",
  bucket: "HCPBENCH_RESULTS_BUCKET",
  prefix: "HCPBENCH_RESULTS_PREFIX",
  region: "AWS_REGION",
  endpoint: "HCPBENCH_S3_ENDPOINT",
  managementKubeconfig: "HCPBENCH_MANAGEMENT_KUBECONFIG",
  /** Sharded Jobs: the Job's uid (downward API), naming its barriers in the bucket. */
  jobUid: "HCPBENCH_JOB_UID",
  /** Set by Kubernetes in every pod of an Indexed Job: 0 .. completions-1. */
  completionIndex: "JOB_COMPLETION_INDEX",
} as const;

/** Reads the environment; throws one line per missing variable. */
export function readBenchJobEnv(env: NodeJS.ProcessEnv): BenchJobEnv {
  const required = ["stack", "sweepId", "runToken", "bucket", "prefix", "region"] as const;
  const missing = required.filter((k) => !env[benchEnvNames[k]]).map((k) => `${benchEnvNames[k]} is not set`);
  if (missing.length > 0) throw new Error(missing.join("\n"));
  const get = (k: keyof typeof benchEnvNames) => env[benchEnvNames[k]] || undefined;
  const index = get("completionIndex");
  if (index !== undefined && !/^\d+$/.test(index)) throw new Error(`${benchEnvNames.completionIndex} must be a whole number (got "${index}")`);
  if (index !== undefined && !get("jobUid")) throw new Error(`${benchEnvNames.jobUid} is not set (a sharded Job's pods name their barriers with it)`);
  return {
    stack: get("stack")!,
    sweepId: get("sweepId")!,
    runToken: get("runToken")!,
    results: { bucket: get("bucket")!, prefix: get("prefix")!, region: get("region")!, endpoint: get("endpoint") },
    managementKubeconfig: get("managementKubeconfig"),
    ...(index !== undefined ? { shard: { index: Number(index), jobUid: get("jobUid")! } } : {}),
  };
}
