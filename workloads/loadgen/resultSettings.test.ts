import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { resultSchemaFile, rewriteSettings } from "../../scripts/schema/resultSchemaSettings";
import schema from "./result.schema.json";
import { validateResult } from "./resultSchema";
import { resultSettingsJsonSchema, resultSettingsSchema } from "./resultSettings";

/** A settings record as a closed-loop watch-churn run writes it. */
const written = { mode: "closed-loop", ops: 100, concurrency: 10, warmup: 0, watchers: 1, watchWorkers: 0, requestTimeoutMs: 30000, phaseTimeoutMs: 600000, namespace: "hcpbench-load", watchStallS: 5 };

describe("result settings: one source", () => {
  it("result.schema.json's settings block is the one generated from the zod schema (regenerate: node bin/run-ts.js scripts/schema/writeResultSchema.ts)", () => {
    expect(schema.properties.settings).toEqual(resultSettingsJsonSchema());
    expect(rewriteSettings(fs.readFileSync(resultSchemaFile, "utf8"))).toBe(fs.readFileSync(resultSchemaFile, "utf8"));
  });

  it("zod and the JSON Schema validator agree on records a run writes and on broken ones", () => {
    const cases: [string, Record<string, unknown>, boolean][] = [
      ["as written", written, true],
      ["open loop with rate, qps and burst", { ...written, mode: "open-loop", rate: 50, qps: 20, burst: 40 }, true],
      ["mixed-* fractions", { ...written, lists: 4, readFraction: 0.5, hotFraction: 0.1 }, true],
      ["written before watchStallS existed", { ...written, watchStallS: undefined }, true],
      ["no mode", { ...written, mode: undefined }, false],
      ["fractional ops", { ...written, ops: 1.5 }, false],
      ["hotFraction 0 (the hot set must hold a target)", { ...written, hotFraction: 0 }, false],
      ["readFraction above 1", { ...written, readFraction: 1.2 }, false],
      ["an unknown field", { ...written, extra: 1 }, false],
    ];
    for (const [what, raw, ok] of cases) {
      const record = JSON.parse(JSON.stringify(raw)) as unknown;
      expect(resultSettingsSchema.safeParse(record).success, `zod: ${what}`).toBe(ok);
      const { valid } = validateResult({ ...minimalResult(), settings: record });
      expect(valid, `ajv: ${what}`).toBe(ok);
    }
  });
});

function minimalResult(): Record<string, unknown> {
  const latency = { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  const errorsByClass = { conflict: 0, throttled: 0, server: 0, timeout: 0, network: 0, rejected: 0 };
  const step = { planned: 0, successes: 0, errors: 0, notAttempted: 0, skipped: 0, errorRate: 0, errorsByClass, firstErrorByClass: {}, throughputOps: 0, activeWindowS: 0, latency };
  return {
    schemaVersion: 1, tool: "hcpbench-loadgen", profile: "watch-churn", timestamp: "2026-11-30T00:00:00Z", finishedAt: "2026-11-30T00:01:00Z", runId: "r1", storageName: "etcd",
    hcpCpuLimit: "2", hcpMemoryLimit: "4Gi", extraLabels: {}, targets: [{ kind: "kubernetes", name: "https://10.0.0.1:6443" }], settings: written, partial: false, steps: { create: step }, writes: step, reads: step, server: [],
    client: { cpuUserS: 1, cpuSystemS: 0, maxRssMiB: 100 },
  };
}
