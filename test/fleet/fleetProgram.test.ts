import { describe, expect, it, vi } from "vitest";
import { loadStackConfig } from "../../infra/config/stackFiles";
import { evaluateProgram, SECRET_PLACEHOLDER, type PlannedResource } from "../../infra/plan/evaluate";
import { backends } from "../../workloads/backends/registry";
import { hcpNames } from "../../workloads/fleet/hcpNames";
import { hcpDatabasePassword } from "../../workloads/fleet/hcpPasswords";
import { registrationOptions } from "../mocks/registrationOptions";

/** The fleet on its own: the platform hands over every datastore, as infra/platform/platformOutputs.ts describes. */
vi.mock("../../infra/platform/platform", async () => {
  const { handmadePlatform } = await import("./handmadePlatform");
  return { createPlatform: () => handmadePlatform() };
});

const count = 25;
const parallelism = 10;
const hcpTypes = new Set(["kubernetes:k0smotron.io/v1beta2:Cluster", "kubernetes:kamaji.clastix.io/v1alpha1:TenantControlPlane"]);
const inFleet = (r: PlannedResource) => r.parents.includes("hcpbench:fleet:Fleet");

/** One evaluation per backend, shared by the tests below (evaluations run one at a time: the mocks are global). */
const evaluations = new Map<string, ReturnType<typeof evaluateFleetOnce>>();
function evaluateFleet(backend: string) {
  if (!evaluations.has(backend)) evaluations.set(backend, evaluateFleetOnce(backend));
  return evaluations.get(backend)!;
}

async function evaluateFleetOnce(backend: string) {
  const stack = `${backend}-10`;
  const cfg = loadStackConfig(stack, { overrides: [`fleet.count=${count}`, `fleet.parallelism=${parallelism}`] });
  const ev = await evaluateProgram(cfg, stack);
  return { ev, options: registrationOptions(ev), fleet: ev.resources.filter(inFleet) };
}

describe.each(backends.map((b) => b.name))("%s under the Pulumi mocks", (backend) => {
  it("creates the HCPs in waves of `parallelism`, each awaited Ready with a generous timeout", async () => {
    const { fleet, options } = await evaluateFleet(backend);
    const hcps = fleet.filter((r) => hcpTypes.has(r.type));
    expect(hcps.map((r) => r.name)).toEqual(hcpNames(count));
    hcps.forEach((r, i) => {
      const opts = options.get(`${r.type}::${r.name}`)!;
      const hcpDeps = opts.dependsOn.filter((d) => [...hcpTypes].some((t) => d.startsWith(`${t}::`)));
      expect(hcpDeps).toEqual(i < parallelism ? [] : [`${r.type}::${hcps[i - parallelism].name}`]);
      expect(opts.createTimeout).toBe("40m");
      expect(opts.deleteBeforeReplace).toBe(true);
      const metadata = r.inputs.metadata as { annotations: Record<string, string>; namespace: string };
      expect(metadata.annotations["pulumi.com/waitFor"]).toMatch(/^(condition=ControlPlaneFunctional|jsonpath=\{\.status\.kubernetesResources\.version\.status\}=Ready)$/);
      expect(metadata.namespace).toBe("hcpbench-fleet");
    });
  });

  it("every HCP waits for its own objects and the fleet's shared ones; a 1,000-HCP fleet stays cheap (<= 3 resources per HCP)", async () => {
    const { fleet, options } = await evaluateFleet(backend);
    const hcps = fleet.filter((r) => hcpTypes.has(r.type));
    // Monitoring waits for no HCP (it follows them as they appear), so it is not among what an HCP waits for.
    const independent = new Set(["kubernetes:core/v1:Namespace", "kubernetes:yaml/v2:ConfigGroup", "random:index/randomPassword:RandomPassword"]);
    const others = fleet.filter((r) => !hcpTypes.has(r.type) && !independent.has(r.type));
    /** Everything a resource waits for, directly or through what it waits for. */
    const closure = (start: string) => {
      const seen = new Set<string>();
      const todo = [...(options.get(start)?.dependsOn ?? [])];
      for (let k = todo.pop(); k !== undefined; k = todo.pop()) {
        if (seen.has(k)) continue;
        seen.add(k);
        todo.push(...(options.get(k)?.dependsOn ?? []));
      }
      return seen;
    };
    for (const hcp of hcps) {
      const deps = closure(`${hcp.type}::${hcp.name}`);
      expect(deps.has("kubernetes:core/v1:Namespace::hcpbench-fleet")).toBe(true);
      for (const o of others) {
        const own = o.name.startsWith(`${hcp.name}-`) || o.name.endsWith(`-${hcp.name}`);
        const shared = !hcpNames(count).some((n) => o.name.includes(n));
        if (own || shared) expect(deps.has(`${o.type}::${o.name}`)).toBe(true);
      }
    }
    expect(fleet.length / count).toBeLessThanOrEqual(3);
  });

  it("no password, key or data-source URL appears in any plain input or output", async () => {
    const { ev } = await evaluateFleet(backend);
    const plain = JSON.stringify([ev.resources.map((r) => r.inputs), ev.outputs]);
    const derived = hcpNames(count).map((n) => hcpDatabasePassword("mock-password-hcp-db-master", n));
    for (const leak of ["mock-password-", "minio-secret", "minio-access", "pg-admin-pw", "my-admin-pw", "postgres://", "mysql://", ...derived]) {
      expect(plain).not.toContain(leak);
    }
    for (const r of ev.resources.filter((x) => x.type === "kubernetes:core/v1:Secret" && inFleet(x))) {
      // The whole map or each value is a secret.
      const data = r.inputs.stringData;
      if (data !== SECRET_PLACEHOLDER) for (const v of Object.values(data as Record<string, unknown>)) expect(v).toBe(SECRET_PLACEHOLDER);
    }
  });
});

describe("per-HCP databases", () => {
  it.each([
    ["kine-postgres", "postgres"],
    ["kine-mysql", "mysql"],
  ])("%s: one master password, the init SQL in a Secret and a Job in the data namespace, before any HCP", async (backend) => {
    const { fleet, options } = await evaluateFleet(backend);
    expect(fleet.filter((r) => r.type === "random:index/randomPassword:RandomPassword").map((r) => r.name)).toEqual(["hcp-db-master"]);
    const job = fleet.find((r) => r.type === "kubernetes:batch/v1:Job")!;
    const sqlSecret = fleet.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name.startsWith("hcp-databases-"))!;
    expect(job.name).toBe(sqlSecret.name);
    expect((job.inputs.metadata as { namespace: string }).namespace).toBe("hcpbench-data");
    expect((sqlSecret.inputs.metadata as { namespace: string }).namespace).toBe("hcpbench-data");
    expect(sqlSecret.inputs.stringData).toBe(SECRET_PLACEHOLDER);
    expect(options.get(`${job.type}::${job.name}`)!.dependsOn).toContain(`${sqlSecret.type}::${sqlSecret.name}`);
    const dataSources = fleet.filter((r) => r.type === "kubernetes:core/v1:Secret" && r.name.endsWith("-kine-datasource"));
    expect(dataSources.map((r) => r.name)).toEqual(hcpNames(count).map((n) => `${n}-kine-datasource`));
    const first = fleet.find((r) => r.name === "hcp-001" && hcpTypes.has(r.type))!;
    expect(options.get(`${first.type}::${first.name}`)!.dependsOn).toEqual(
      expect.arrayContaining([`${job.type}::${job.name}`, "kubernetes:core/v1:Secret::hcp-001-kine-datasource"]),
    );
  });

  it("a fleet of another size gets a new init Job (the SQL must run again)", async () => {
    const jobName = async (n: number) => {
      const ev = await evaluateProgram(loadStackConfig("kine-postgres-10", { overrides: [`fleet.count=${n}`] }), "kine-postgres-10");
      return ev.resources.find((r) => r.type === "kubernetes:batch/v1:Job" && inFleet(r))!.name;
    };
    expect(await jobName(10)).not.toBe(await jobName(11));
  });
});

describe("stack outputs", () => {
  it("name every HCP with its in-cluster API server URL", async () => {
    const { ev } = await evaluateFleet("kamaji-mysql");
    const hcps = ev.outputs.hcps as { name: string; namespace: string; kind: string; apiServerUrl: string }[];
    expect(hcps).toHaveLength(count);
    expect(hcps[0]).toEqual({ name: "hcp-001", namespace: "hcpbench-fleet", kind: "TenantControlPlane", apiServerUrl: "https://hcp-001.hcpbench-fleet.svc:6443" });
    const k0s = (await evaluateFleet("etcd")).ev.outputs.hcps as { apiServerUrl: string }[];
    expect(k0s[24].apiServerUrl).toBe("https://kmc-hcp-025.hcpbench-fleet.svc:30443");
  });
});

describe("API server monitoring", () => {
  it.each([
    ["kine-postgres", 3],
    ["kamaji-nats", 1],
  ] as const)("%s: one ConfigGroup holds every HCP's monitoring objects (%i per HCP), each selecting that HCP's API Service", async (backend, perHcp) => {
    const { fleet, options } = await evaluateFleet(backend);
    const groups = fleet.filter((r) => r.type === "kubernetes:yaml/v2:ConfigGroup");
    expect(groups.map((g) => g.name)).toEqual(["hcp-apiserver-monitoring"]);
    const objs = groups[0].inputs.objs as { kind: string; metadata: { name: string; namespace: string }; spec: Record<string, any> }[];
    expect(objs).toHaveLength(count * perHcp);
    const monitors = objs.filter((o) => o.kind === "ServiceMonitor");
    expect(monitors.map((m) => m.metadata.name)).toEqual(hcpNames(count).map((n) => `${n}-apiserver`));
    const hcp = fleet.find((r) => r.name === "hcp-002" && hcpTypes.has(r.type))!;
    const selector = monitors[1].spec.selector.matchLabels as Record<string, string>;
    if (backend === "kamaji-nats") {
      // Kamaji puts the TCP's additionalMetadata labels on the Service it creates.
      const labels = (hcp.inputs.spec as Record<string, any>).controlPlane.service.additionalMetadata.labels;
      expect(selector).toEqual(labels);
      expect(monitors[1].spec.endpoints[0].port).toBe("kube-apiserver");
    } else {
      expect(selector).toEqual({ app: "k0smotron", cluster: "hcp-002", "app.kubernetes.io/component": "control-plane" });
      expect(monitors[1].spec.endpoints[0].port).toBe("api");
    }
    expect(options.get(`kubernetes:yaml/v2:ConfigGroup::hcp-apiserver-monitoring`)!.dependsOn).toContain("kubernetes:core/v1:Namespace::hcpbench-fleet");
  });
});
