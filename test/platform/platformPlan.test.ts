import { describe, expect, it } from "vitest";
import { loadStackConfig } from "../../infra/config/stackFiles";
import { evaluateProgram } from "../../infra/plan/evaluate";
import { charts } from "../../infra/platform/helmReleaseSpec";
import { backendNames } from "../../infra/names/backends";
import { unknownKeysOf } from "./chartDefaults";

/*
 * The platform inside the whole program, as `hcpbench plan <stack> --json`
 * shows it: exactly the Helm releases this stack's backend needs, each pinned
 * and with values whose every key the chart version has, all under the
 * Platform component, and no generated password in plain anywhere.
 */
const chartOf = (name: string) =>
  ({
    "cert-manager": charts.certManager,
    kamaji: charts.kamaji,
    "kamaji-etcd": charts.kamajiEtcd,
    "metrics-server": charts.metricsServer,
    "kube-prometheus-stack": charts.kubePrometheusStack,
    minio: charts.minio,
    t4: charts.t4,
    nats: charts.nats,
  })[name];

/**
 * Written out from the design (ARCHITECTURE: "platform"), not from platformPieces(): every stack gets
 * cert-manager, metrics-server and Prometheus (kube-prometheus-stack); k0smotron comes from its upstream
 * manifest and the SQL servers are StatefulSets, so neither is a Helm release. On the AWS substrate
 * results go to S3, so MinIO is installed only where a backend stores data in it.
 */
const every = ["cert-manager", "metrics-server", "kube-prometheus-stack"];
const extraReleases: Record<string, string[]> = {
  etcd: [],
  "kine-postgres": [],
  "kine-mysql": [],
  "kine-sqlite": [],
  "kine-nats-embedded": [],
  // kine's T4 backend keeps its data in S3-compatible object storage: MinIO.
  "kine-t4": ["minio"],
  // T4 as its own server, on MinIO.
  "t4-standalone": ["minio", "t4"],
  // Kamaji's operator chart, plus its datastore where the backend's datastore is a chart.
  "kamaji-etcd": ["kamaji", "kamaji-etcd"],
  "kamaji-postgres": ["kamaji"],
  "kamaji-mysql": ["kamaji"],
  "kamaji-nats": ["kamaji", "nats"],
};

it("the expected release table covers every backend", () => expect(Object.keys(extraReleases).sort()).toEqual([...backendNames].sort()));

describe.each(backendNames)("plan of stack %s-10", (backend) => {
  it("lists exactly the Helm releases the backend needs, pinned, with known value keys", async () => {
    const stack = `${backend}-10`;
    const cfg = loadStackConfig(stack);
    const { resources, outputs } = await evaluateProgram(cfg, stack);
    const releases = resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");

    const expected = [...every, ...(extraReleases[backend] ?? [])];
    expect(releases.map((r) => r.inputs.name).sort()).toEqual(expected.sort());

    for (const r of releases) {
      const name = r.inputs.name as string;
      const chart = chartOf(name)!;
      expect(r.inputs.chart, name).toBe(chart.chart);
      expect(r.inputs.version, name).toBe(chart.version);
      expect((r.inputs.repositoryOpts as { repo?: string } | undefined)?.repo, name).toBe("repo" in chart ? chart.repo : undefined);
      expect(unknownKeysOf({ name, values: r.inputs.values as Record<string, unknown> }), name).toEqual([]);
      expect(r.parents[0], name).toBe("hcpbench:platform:Platform");
    }

    // Generated passwords resolve to "mock-password-<name>" under mocks; only redacted secrets may carry them.
    const platformResources = resources.filter((r) => r.parents.includes("hcpbench:platform:Platform"));
    expect(platformResources.length).toBeGreaterThan(releases.length);
    expect(JSON.stringify(platformResources.map((r) => r.inputs))).not.toContain("mock-password-");
    expect(JSON.stringify(outputs)).not.toContain("mock-password-");
    const secrets = platformResources.filter((r) => r.type === "kubernetes:core/v1:Secret");
    expect(secrets.length).toBeGreaterThan(0);
    // The SDK submits a Secret's whole stringData as a Pulumi secret.
    for (const s of secrets) expect(s.inputs.stringData, s.name).toBe("[secret]");
  });
});
