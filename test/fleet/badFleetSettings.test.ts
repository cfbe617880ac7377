import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { isInputError } from "../../infra/names/inputError";
import { parseConfig, type RawConfig } from "../../infra/config/stackFiles";
import { backends } from "../../workloads/backends/registry";
import { operatorSupport } from "../../infra/names/operators";

/** The problem lines a bad stack setting produces (InputError => exit 2, one line per problem). */
function problems(raw: RawConfig): string[] {
  try {
    parseConfig(raw);
  } catch (err) {
    if (isInputError(err)) return [...err.problems];
    throw err;
  }
  throw new Error(`accepted: ${JSON.stringify(raw)}`);
}

const fleet = (f: Record<string, unknown>) => ({ fleet: { backend: "etcd", count: 10, ...f } });

describe("fleet settings a backend cannot take", () => {
  it.each(backends.filter((b) => b.maxReplicas === 1).map((b) => b.name))("%s refuses 3 replicas: its storage lives in the HCP pod", (backend) => {
    expect(problems(fleet({ backend, replicas: 3 }))).toEqual([
      `hcpbench:fleet.replicas: must be 1 for ${backend}: its storage lives inside the HCP pod and cannot be shared by replicas`,
    ]);
  });

  it("replicas other than 1 or 3", () => {
    expect(problems(fleet({ replicas: 2 }))).toEqual(["hcpbench:fleet.replicas: must be 1 or 3 (got 2)"]);
  });

  it("awaitReady takes only true or false", () => {
    expect(problems(fleet({ awaitReady: "sometimes" }))).toEqual(['hcpbench:fleet.awaitReady: must be a boolean (got "sometimes")']);
  });

  it("an unknown size preset lists the presets", () => {
    expect(problems(fleet({ preset: "huge" }))).toEqual(['hcpbench:fleet.preset: must be one of tiny, small, medium, large, unlimited (got "huge")']);
  });

  it("an unknown backend lists the registry", () => {
    const [line] = problems(fleet({ backend: "kine-redis" }));
    expect(line).toBe(`hcpbench:fleet.backend: must be one of ${backends.map((b) => b.name).join(", ")} (got "kine-redis")`);
  });
});

describe("Kubernetes versions the operator does not support", () => {
  it.each([
    ["etcd", "1.29.9", "k0smotron"],
    ["etcd", "1.37.0", "k0smotron"],
    ["kamaji-postgres", "1.37.1", "kamaji"],
    ["kamaji-etcd", "v1.28.0", "kamaji"],
  ] as const)("%s refuses %s", (backend, version, operator) => {
    const s = operatorSupport[operator];
    expect(problems(fleet({ backend, kubernetesVersion: version }))).toEqual([
      `hcpbench:fleet.kubernetesVersion: must be between 1.${s.minMinor} and 1.${s.maxMinor} for ${operator} ${s.release} (got "${version}")`,
    ]);
  });

  it.each([
    ["etcd", "1.36.2"],
    ["kamaji-nats", "v1.36.0"],
    ["kine-postgres", "1.30.0"],
  ])("%s accepts %s", (backend, version) => {
    expect(parseConfig(fleet({ backend, kubernetesVersion: version })).fleet.kubernetesVersion).toBe(version);
  });

  it("a string that is not a version", () => {
    expect(problems(fleet({ kubernetesVersion: "latest" }))).toEqual(['hcpbench:fleet.kubernetesVersion: must be a version such as "1.33.4" (got "latest")']);
  });

  it("a kine-t4 image tag that is not a k0s tag", () => {
    expect(problems(fleet({ backend: "kine-t4", kineT4Image: { tag: "latest" } }))).toEqual([
      'hcpbench:fleet.kineT4Image.tag: must be a k0s image tag such as "v1.35.1-k0s.1-t4-4-amd64" (got "latest")',
    ]);
  });
});

describe("other fleet and datastore settings", () => {
  it("an unknown database tuning profile", () => {
    expect(problems({ ...fleet({}), databases: { tuning: "fast" } })).toEqual(['hcpbench:databases.tuning: must be one of default, tuned (got "fast")']);
  });

  it("parallelism and count bounds, several problems at once", () => {
    expect(problems(fleet({ count: 0, parallelism: 0 }))).toEqual([
      "hcpbench:fleet.count: must be at least 1 (got 0)",
      "hcpbench:fleet.parallelism: must be at least 1 (got 0)",
    ]);
  });

  it("an unknown fleet key", () => {
    expect(problems(fleet({ replica: 3 }))).toEqual(["hcpbench:fleet.replica: unknown setting"]);
  });
});

describe("the CLI", () => {
  it("`hcpbench plan` exits 2 naming the bad fleet setting, with no stack trace", () => {
    const r = spawnSync(
      process.execPath,
      ["bin/hcpbench.js", "plan", "kamaji-postgres-10", "--set", "fleet.kubernetesVersion=1.37.0", "--set", "fleet.preset=huge"],
      { cwd: path.resolve(__dirname, "..", ".."), encoding: "utf8", timeout: 60_000 },
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('hcpbench:fleet.preset: must be one of tiny, small, medium, large, unlimited (got "huge")');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
