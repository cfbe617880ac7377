import { beforeAll, describe, expect, it } from "vitest";
import { loadStackConfig } from "../../infra/config/stackFiles";
import { evaluateProgram, type Evaluation, type EvaluatedResource } from "../../infra/plan/evaluate";

/**
 * `pulumi up` must end once the bench Job exists, not when it finishes: a bench takes hours,
 * longer than the AWS session up holds. The Kubernetes provider (4.34.2) skips its Job await
 * for `pulumi.com/skipAwait: "true"` (pkg/metadata/overrides.go, ReadyCondition returns an
 * immediate condition), and for a batch/v1 Job it skips the wait on delete as well
 * (allowsSkipAwaitWithDelete lists Job), so a replacement must never reuse a name.
 */
const evaluations = new Map<string, Evaluation>();
const evaluate = async (key: string, stack: string, overrides: string[] = []) => {
  evaluations.set(key, await evaluateProgram(loadStackConfig(stack, { overrides }), stack));
};
const jobOf = (key: string): EvaluatedResource => {
  const jobs = evaluations.get(key)!.resources.filter((r) => r.type === "kubernetes:batch/v1:Job" && r.parents.includes("hcpbench:bench:Bench"));
  expect(jobs).toHaveLength(1);
  return jobs[0];
};
const nameOf = (r: EvaluatedResource) => (r.inputs.metadata as { name: string }).name;
interface JobInputs {
  spec: Record<string, unknown> & { template: { spec: { containers: { env: { name: string; value?: string; valueFrom?: unknown }[] }[] } } };
}
const jobSpecOf = (key: string) => (jobOf(key).inputs as unknown as JobInputs).spec;
const matrixOf = (key: string): Record<string, unknown> => {
  const cm = evaluations.get(key)!.resources.find((r) => r.type === "kubernetes:core/v1:ConfigMap" && r.parents.includes("hcpbench:bench:Bench") && (r.inputs.data as Record<string, string> | undefined)?.["matrix.json"]);
  return JSON.parse((cm!.inputs.data as Record<string, string>)["matrix.json"]);
};

beforeAll(async () => {
  await evaluate("aws", "etcd-10");
  await evaluate("aws-again", "etcd-10");
  await evaluate("aws-more-ops", "etcd-10", ["bench.ops=20000"]);
  await evaluate("local", "local");
  await evaluate("aws-sharded", "etcd-10", ["bench.shards=4", "bench.profiles=[\"mixed-uniform\"]"]);
}, 300_000);

describe("the bench Job under the Pulumi mocks", () => {
  it.each(["aws", "local"])("%s: carries pulumi.com/skipAwait and no create or update timeout", (key) => {
    const job = jobOf(key);
    expect((job.inputs.metadata as { annotations?: Record<string, string> }).annotations).toEqual({ "pulumi.com/skipAwait": "true" });
    // A custom timeout only matters while the provider awaits; none is left to hold `up` open.
    expect(job.createTimeout).toBe("");
  });

  it.each(["aws", "local"])("%s: no resource depends on the Job, and the stack's outputs name it only", (key) => {
    const ev = evaluations.get(key)!;
    const job = jobOf(key);
    const dependents = ev.resources.filter((r) => r.dependsOn.includes(job.urn)).map((r) => r.urn);
    expect(dependents).toEqual([]);
    expect(ev.outputs.benchJobs).toEqual([nameOf(job)]);
  });

  it("the Job's name is stable for the same settings and changes with the pod template", () => {
    expect(nameOf(jobOf("aws-again"))).toBe(nameOf(jobOf("aws")));
    expect(nameOf(jobOf("aws-more-ops"))).not.toBe(nameOf(jobOf("aws")));
    for (const key of ["aws", "aws-more-ops", "local"]) expect(nameOf(jobOf(key))).toMatch(/^bench-initial-[0-9a-f]{10}$/);
  });
});

describe("bench.shards under the Pulumi mocks", () => {
  it("1 (the default): a plain Job as before, one pod never retried, no shard in the matrix or the environment", () => {
    for (const key of ["aws", "local"]) {
      const spec = jobSpecOf(key);
      expect(spec.backoffLimit).toBe(0);
      for (const field of ["completionMode", "completions", "parallelism", "backoffLimitPerIndex"]) expect(spec[field]).toBeUndefined();
      expect(spec.template.spec.containers[0].env.map((e) => e.name)).not.toContain("HCPBENCH_JOB_UID");
      expect(matrixOf(key).shards).toBeUndefined();
    }
  });

  it("4: an Indexed Job of 4 pods at once, each index never retried, each pod told the Job's uid; the matrix carries the shard count", () => {
    const spec = jobSpecOf("aws-sharded");
    expect(spec).toMatchObject({ completionMode: "Indexed", completions: 4, parallelism: 4, backoffLimitPerIndex: 0 });
    // A Job-wide backoffLimit of 0 would stop every shard when one exits non-zero; per index, the others finish.
    expect(spec.backoffLimit).toBeUndefined();
    const env = spec.template.spec.containers[0].env;
    expect(env.find((e) => e.name === "HCPBENCH_JOB_UID")).toEqual({ name: "HCPBENCH_JOB_UID", valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/controller-uid']" } } });
    // JOB_COMPLETION_INDEX is the Job controller's to set, not the manifest's.
    expect(env.map((e) => e.name)).not.toContain("JOB_COMPLETION_INDEX");
    expect(matrixOf("aws-sharded")).toMatchObject({ shards: 4, profiles: ["mixed-uniform"] });
    expect((matrixOf("aws-sharded").hcps as unknown[]).length).toBe(10);
    expect(nameOf(jobOf("aws-sharded"))).toMatch(/^bench-initial-[0-9a-f]{10}$/);
    expect(nameOf(jobOf("aws-sharded"))).not.toBe(nameOf(jobOf("aws")));
  });
});
