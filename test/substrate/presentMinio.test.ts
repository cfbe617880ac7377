import { describe, expect, it } from "vitest";
import { loadStackConfig } from "../../infra/config/stackFiles";
import { evaluateProgram } from "../../infra/plan/evaluate";

/*
 * The whole `local` program under the mocks with the cluster's own MinIO
 * (platform.components.minio=present): the results login is read from its
 * root Secret instead of being generated (a read, which the plan answers and
 * does not list), and nothing of MinIO is written.
 */
describe("local stack with MinIO present", () => {
  it("reads the results login from Secret hcpbench-data/minio-root and generates none", async () => {
    const cfg = loadStackConfig("local", { overrides: ["platform.components.minio=present", "existing.kubeconfig=/nonexistent/kubeconfig"] });
    const { resources } = await evaluateProgram(cfg, "local");
    const names = (type: string) => resources.filter((r) => r.type === type).map((r) => r.name);
    expect(names("random:index/randomPassword:RandomPassword").filter((n) => n.startsWith("results-minio-") || n.startsWith("platform-minio-"))).toEqual([]);
    expect(names("kubernetes:core/v1:Secret")).not.toContain("hcpbench-data/minio-root");
    expect(names("kubernetes:helm.sh/v3:Release")).not.toContain("minio");
    // The bench still gets its results credentials Secret, now holding the read login.
    expect(names("kubernetes:core/v1:Secret")).toContain("hcpbench-bench-hcpbench-results-credentials");
  });
});
