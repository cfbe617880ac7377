import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../infra/config/stackFiles";
import { hcpEndpoint } from "../../fleet/hcpEndpoint";
import { buildBenchJobSpec } from "../../bench/benchJobSpecBuilder";
import { readBenchJobEnv } from "./benchJobEnv";
import { parseBenchJobSpec } from "./benchJobSpec";

const cfg = (bench: Record<string, unknown> = {}, fleet: Record<string, unknown> = {}) =>
  parseConfig({ fleet: { backend: "kine-postgres", count: 2, preset: "tiny", ...fleet }, bench });
const hcps = ["hcp-000", "hcp-001"].map((n) => hcpEndpoint("k0smotron", n, "hcpbench-fleet"));

describe("matrix.json", () => {
  it("round-trips what the builder writes, with the preset's limits as the perf.csv labels", () => {
    const spec = buildBenchJobSpec(cfg({ profiles: ["light", "mixed-hot"], concurrency: [10, 20], runs: 2 }), hcps);
    expect(parseBenchJobSpec(JSON.stringify(spec))).toEqual(spec);
    expect(spec).toMatchObject({ backend: "kine-postgres", hcpCpuLimit: "250m", hcpMemoryLimit: "512Mi", profiles: ["light", "mixed-hot"], concurrency: [10, 20], runs: 2 });
    expect(Object.keys(spec.pointTimeoutSeconds).sort()).toEqual(["light", "mixed-hot"]);
    expect(spec.hcps[1]).toEqual({ name: "hcp-001", namespace: "hcpbench-fleet", apiServerUrl: "https://kmc-hcp-001.hcpbench-fleet.svc:30443", kubeconfigSecret: { name: "hcp-001-kubeconfig", key: "value" } });
    const unlimited = buildBenchJobSpec(cfg({}, { preset: "unlimited" }), hcps);
    expect([unlimited.hcpCpuLimit, unlimited.hcpMemoryLimit]).toEqual(["", ""]);
  });

  it("refuses a matrix the Job does not understand, one line per problem", () => {
    const good = buildBenchJobSpec(cfg(), hcps);
    expect(() => parseBenchJobSpec("{not json")).toThrow(/^matrix.json is not JSON/);
    const bad = { ...good, profiles: ["nope"], hcps: [], extra: 1 };
    const message = (() => {
      try {
        parseBenchJobSpec(JSON.stringify(bad));
        return "";
      } catch (e) {
        return (e as Error).message;
      }
    })();
    const lines = message.split("\n");
    expect(lines.some((l) => l.startsWith("matrix.json profiles.0:"))).toBe(true);
    expect(lines.some((l) => l.startsWith("matrix.json hcps:"))).toBe(true);
    expect(lines.some((l) => l.startsWith("matrix.json (root):") && l.includes("extra"))).toBe(true);
    expect(() => parseBenchJobSpec(JSON.stringify({ ...good, pointTimeoutSeconds: {} }))).toThrow(/no budget for create-list, watch-churn/);
  });

  it("carries bench.shards only from 2 on, and refuses more shards than HCPs", () => {
    expect("shards" in buildBenchJobSpec(cfg(), hcps)).toBe(false);
    const sharded = buildBenchJobSpec(cfg({ shards: 2, profiles: ["mixed-uniform"] }), hcps);
    expect(parseBenchJobSpec(JSON.stringify(sharded)).shards).toBe(2);
    expect(() => parseBenchJobSpec(JSON.stringify({ ...sharded, shards: 3 }))).toThrow("matrix.json shards: 3 shards for 2 HCPs; each shard needs at least one");
    expect(() => parseBenchJobSpec(JSON.stringify({ ...sharded, shards: 1 }))).toThrow(/matrix.json shards:/);
  });
});

describe("the Job's environment", () => {
  it("names every missing variable", () => {
    expect(() => readBenchJobEnv({ HCPBENCH_STACK: "etcd-10" })).toThrow(
      ["HCPBENCH_SWEEP_ID is not set", "HCPBENCH_RUN_TOKEN is not set", "HCPBENCH_RESULTS_BUCKET is not set", "HCPBENCH_RESULTS_PREFIX is not set", "AWS_REGION is not set"].join("\n"),
    );
  });

  it("reads AWS S3 (no endpoint) and MinIO (endpoint) locations", () => {
    const base = { HCPBENCH_STACK: "local", HCPBENCH_SWEEP_ID: "s1", HCPBENCH_RUN_TOKEN: "initial", HCPBENCH_RESULTS_BUCKET: "b", HCPBENCH_RESULTS_PREFIX: "results", AWS_REGION: "us-east-1" };
    expect(readBenchJobEnv(base).results).toEqual({ bucket: "b", prefix: "results", region: "us-east-1", endpoint: undefined });
    expect(readBenchJobEnv({ ...base, HCPBENCH_S3_ENDPOINT: "http://minio:9000" }).results.endpoint).toBe("http://minio:9000");
    expect(readBenchJobEnv(base).managementKubeconfig).toBeUndefined();
  });

  it("reads an Indexed Job pod's shard: JOB_COMPLETION_INDEX and the Job's uid, both or neither", () => {
    const base = { HCPBENCH_STACK: "local", HCPBENCH_SWEEP_ID: "s1", HCPBENCH_RUN_TOKEN: "initial", HCPBENCH_RESULTS_BUCKET: "b", HCPBENCH_RESULTS_PREFIX: "results", AWS_REGION: "us-east-1" };
    expect(readBenchJobEnv(base).shard).toBeUndefined();
    expect(readBenchJobEnv({ ...base, JOB_COMPLETION_INDEX: "2", HCPBENCH_JOB_UID: "0f3c" }).shard).toEqual({ index: 2, jobUid: "0f3c" });
    expect(() => readBenchJobEnv({ ...base, JOB_COMPLETION_INDEX: "2" })).toThrow("HCPBENCH_JOB_UID is not set");
    expect(() => readBenchJobEnv({ ...base, JOB_COMPLETION_INDEX: "-1", HCPBENCH_JOB_UID: "u" })).toThrow('JOB_COMPLETION_INDEX must be a whole number (got "-1")');
  });
});
