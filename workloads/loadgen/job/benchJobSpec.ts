import { z } from "zod";
import { profileByName } from "../profiles/registry";
import { profileNames, type ProfileName } from "../../../infra/names/profiles";

/**
 * What the bench Job runs, as the `hcpbench:bench:Bench` component writes it into the Job's
 * ConfigMap (matrix.json) and the Job reads it back. One schema on both sides, so a field the
 * builder adds and the Job does not know fails the Job at start, not halfway through a sweep.
 * The results location comes from the environment instead (see benchJobEnv.ts), because the
 * bucket name is a Pulumi output on AWS.
 */

const int = (min: number) => z.number().int().min(min);

/** Pods the sampler reads; pods sharing `unitLabel`'s value add up into one unit (one HCP). */
export const podGroupSchema = z.strictObject({
  namespace: z.string().min(1),
  labelSelector: z.string().optional(),
  /** Also narrows the group to the targeted HCP (`<unitLabel>=<name>`) in single-HCP profiles. */
  unitLabel: z.string().optional(),
});

export const hcpSpecSchema = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().min(1),
  /** In-cluster Service URL of the HCP's API server; the load goes here, never through a port-forward. */
  apiServerUrl: z.string().url(),
  kubeconfigSecret: z.strictObject({ name: z.string().min(1), key: z.string().min(1) }),
});

export const benchJobSpecSchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** storage_name column. */
  backend: z.string().min(1),
  /** hcp_cpu_limit / hcp_memory_limit columns: the size preset's limits, "" when unlimited. */
  hcpCpuLimit: z.string(),
  hcpMemoryLimit: z.string(),
  profiles: z.array(z.enum(profileNames)).min(1),
  concurrency: z.array(int(1)).min(1),
  runs: int(1),
  ops: int(1),
  warmup: int(0),
  watchers: int(1),
  /** Per load phase (writes, lists, watch drain), passed to the load generator. */
  phaseTimeoutSeconds: int(1),
  /** A point still running after its profile's budget is aborted and uploaded as partial. */
  pointTimeoutSeconds: z.partialRecord(z.enum(profileNames), int(1)),
  /** Every HCP of the fleet; single-HCP profiles use the first, mixed-* profiles all of them. */
  hcps: z.array(hcpSpecSchema).min(1),
  sampling: z.strictObject({
    intervalMs: int(100),
    hcp: podGroupSchema,
    /** Shared datastores (one group each) or per-HCP etcd; empty when storage lives inside the HCP pod. */
    storage: z.array(podGroupSchema),
  }),
  /** Load pods of an Indexed Job (bench.shards); absent for one pod. Each drives its share of the HCPs in mixed-* points. */
  shards: int(2).optional(),
});

export type BenchJobSpec = z.infer<typeof benchJobSpecSchema>;
export type HcpSpec = z.infer<typeof hcpSpecSchema>;
export type PodGroupSpec = z.infer<typeof podGroupSchema>;

/** Profiles that spread load over the whole fleet (mixed-*); the others drive one HCP. */
export function isFleetProfile(profile: ProfileName): boolean {
  return profileByName(profile).multiTarget;
}

/** Parses matrix.json, naming every bad field on its own line. */
export function parseBenchJobSpec(text: string): BenchJobSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`matrix.json is not JSON: ${(e as Error).message}`);
  }
  const parsed = benchJobSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `matrix.json ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(lines.join("\n"));
  }
  const missing = parsed.data.profiles.filter((p) => parsed.data.pointTimeoutSeconds[p] === undefined);
  if (missing.length > 0) throw new Error(`matrix.json pointTimeoutSeconds: no budget for ${missing.join(", ")}`);
  const { shards, hcps } = parsed.data;
  if (shards !== undefined && shards > hcps.length) throw new Error(`matrix.json shards: ${shards} shards for ${hcps.length} HCPs; each shard needs at least one`);
  return parsed.data;
}
