import { describe, expect, it } from "vitest";
import { loadStackConfig } from "../../infra/config/stackFiles";
import { evaluateProgram } from "../../infra/plan/evaluate";
import { parseStackOutputs } from "../../scripts/automation/stackOutputs";

/** The stack outputs the CLI reads are the ones infra/program.ts returns (run under Pulumi mocks). */
describe("stack outputs contract", () => {
  it("parses the real program's outputs, with the kubeconfig kept secret", async () => {
    const cfg = loadStackConfig("kine-postgres-10", { overrides: ["aws.apiAccessCidrs=[198.51.100.7/32]", "results.sweepId=s1", "bench.enabled=false"] });
    const { outputs } = await evaluateProgram(cfg, "kine-postgres-10");
    const parsed = parseStackOutputs(Object.fromEntries(Object.entries(outputs).map(([k, value]) => [k, { value }])), "kine-postgres-10");
    expect(parsed).toMatchObject({ backend: "kine-postgres", hcpCount: 10, kubeconfig: "[secret]", benchJobs: [] });
    expect(parsed.results).toMatchObject({ kind: "s3", prefix: "results", sweepId: "s1", region: "us-east-1" });
    expect(parsed.hcps).toHaveLength(10);
  });
});
