import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { loadStackConfig, projectRoot } from "../../infra/config/stackFiles";
import { estimateHourlyCost } from "../../infra/cost/estimate";
import { evaluateProgram } from "../../infra/plan/evaluate";
import { planDocument, type PlanResource } from "../../scripts/plan/planDocument";
import { backends } from "../../workloads/backends/registry";

/*
 * `pulumi destroy` deletes a resource only after everything that depends on
 * it is gone: its dependents (the `dependencies` of their registration
 * requests), its children, and the resources its provider serves. So "A is
 * deleted before B" holds exactly when B is in A's transitive dependencies,
 * with parent and provider edges included. This test reads that graph from
 * `plan --json` (urn, parent, dependsOn) and checks, for every backend:
 *  - an operator's custom resources go before everything the operator or its
 *    finalizers need (a controller that lost its token, its webhook or its
 *    datastore cannot remove the finalizer, and `destroy` hangs);
 *  - no namespace goes before the objects inside it;
 *  - the substrate (node groups, EKS add-ons, storage classes) goes last.
 * What an operator needs is read from upstream, not from our builders: every
 * object of k0smotron's own install manifest, and what a Kamaji DataStore
 * spec points at (Kamaji's finalizer connects to the endpoints with the
 * referenced credentials to drop the tenant's database and user).
 */

type Json = Record<string, any>;

interface Graph {
  readonly resources: PlanResource[];
  readonly byUrn: Map<string, PlanResource>;
  /** Every URN that must still exist while the resource is deleted. */
  outlivers(r: PlanResource): Set<string>;
}

function graphOf(resources: PlanResource[], providers: Map<string, string>): Graph {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const edges = (r: PlanResource) => [...r.dependsOn, ...(r.parent ? [r.parent] : []), ...(providers.get(r.urn) ? [providers.get(r.urn)!] : [])];
  const cache = new Map<string, Set<string>>();
  const outlivers = (r: PlanResource): Set<string> => {
    const hit = cache.get(r.urn);
    if (hit) return hit;
    const seen = new Set<string>();
    const todo = edges(r);
    while (todo.length > 0) {
      const u = todo.pop()!;
      if (seen.has(u)) continue;
      seen.add(u);
      const next = byUrn.get(u);
      if (next) todo.push(...edges(next));
    }
    cache.set(r.urn, seen);
    return seen;
  };
  return { resources, byUrn, outlivers };
}

const isKubernetes = (r: PlanResource) => r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:");
const meta = (r: PlanResource) => (r.inputs.metadata ?? {}) as { name?: string; namespace?: string };
const kindOf = (r: PlanResource) => r.type.split(":").at(-1)!;

/** The objects a resource puts into the cluster: itself, a Helm release's namespace, a ConfigGroup's objects. */
function namespacesUsed(r: PlanResource): string[] {
  if (r.type === "kubernetes:helm.sh/v3:Release") return [String(r.inputs.namespace ?? "default")];
  if (r.type === "kubernetes:yaml/v2:ConfigGroup") return ((r.inputs.objs ?? []) as Json[]).map((o) => o.metadata?.namespace).filter((n): n is string => typeof n === "string");
  const ns = meta(r).namespace;
  return ns ? [ns] : [];
}

/** k0smotron's install manifest as upstream publishes it (test fixture, not our copy). */
const k0smotronUpstream = parseAllDocuments(fs.readFileSync(path.join(projectRoot, "test/fixtures/charts/k0smotron-v2.1.0.install-standalone.yaml"), "utf8"))
  .map((d) => d.toJSON() as Json | null)
  .filter((o): o is Json => o !== null);

/** `{name, namespace}` references anywhere in a DataStore spec: the Secrets Kamaji reads to log in. */
function secretRefs(value: unknown, out: { name: string; namespace: string }[] = []): { name: string; namespace: string }[] {
  if (Array.isArray(value)) value.forEach((v) => secretRefs(v, out));
  else if (value && typeof value === "object") {
    const o = value as Json;
    if (typeof o.name === "string" && typeof o.namespace === "string" && typeof o.keyPath === "string") out.push({ name: o.name, namespace: o.namespace });
    Object.values(o).forEach((v) => secretRefs(v, out));
  }
  return out;
}

/**
 * The resources that provide a named object in a namespace: the Pulumi
 * resource of that kind and name if the program registers one, else the Helm
 * release in that namespace whose name starts the object's name (chart
 * objects are named after their release).
 */
function providersOf(g: Graph, kind: string, name: string, namespace: string): PlanResource[] {
  const direct = g.resources.filter((r) => kindOf(r) === kind && meta(r).name === name && (meta(r).namespace ?? "") === namespace);
  if (direct.length > 0) return direct;
  return g.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.namespace === namespace && name.startsWith(String(r.inputs.name)));
}

const stacks = backends.map((b) => `${b.name}-10`);
const graphs = new Map<string, Graph>();

beforeAll(async () => {
  for (const stack of stacks) {
    const cfg = loadStackConfig(stack);
    const ev = await evaluateProgram(cfg, stack);
    const doc = JSON.parse(JSON.stringify(planDocument(stack, cfg, ev, estimateHourlyCost(cfg, ev.resources)))) as { resources: PlanResource[] };
    // The engine deletes a resource before the provider that serves it; the plan names each resource's explicit provider.
    const providers = new Map(ev.resources.filter((r) => r.provider).map((r) => [r.urn, r.provider.split("::").slice(0, -1).join("::")] as const));
    graphs.set(stack, graphOf(doc.resources, providers));
  }
}, 600_000);

describe.each(stacks)("destroy order of %s, from plan --json", (stack) => {
  const g = () => graphs.get(stack)!;
  const name = (u: string) => {
    const r = g().byUrn.get(u);
    return r ? `${kindOf(r)} ${meta(r).namespace ? `${meta(r).namespace}/` : ""}${meta(r).name ?? r.name}` : u;
  };
  const mustOutlive = (cr: PlanResource, needed: PlanResource[], why: string) => {
    const before = g().outlivers(cr);
    const missing = needed.filter((n) => !before.has(n.urn)).map((n) => name(n.urn));
    expect(missing, `${name(cr.urn)} is deleted after ${why} it needs: ${missing.join(", ")}`).toEqual([]);
  };

  it("every plan resource carries its urn, parent and dependencies, and every dependency is in the plan", () => {
    for (const r of g().resources) {
      expect(r.urn).toBe(`urn:pulumi:${stack}::hcpbench::${r.urn.split("::")[2]}::${r.name}`);
      expect(r.urn.split("::")[2].split("$").at(-1)).toBe(r.type);
      for (const d of r.dependsOn) expect(g().byUrn.has(d) || d.includes("hcpbench:"), `${r.urn} -> ${d}`).toBe(true);
    }
  });

  it("k0smotron's Clusters go before every object of k0smotron's install (SA, RBAC, webhook, Issuer/Certificate, Deployment, CRDs)", () => {
    const clusters = g().resources.filter((r) => r.type.startsWith("kubernetes:k0smotron.io/"));
    if (!backends.find((b) => `${b.name}-10` === stack)!.operator.startsWith("k0smotron")) return expect(clusters).toEqual([]);
    expect(clusters.length).toBe(10);
    const needed = k0smotronUpstream.flatMap((o) => providersOf(g(), o.kind, o.metadata.name, o.metadata.namespace ?? ""));
    expect(needed.length, "every upstream object is registered").toBe(k0smotronUpstream.length);
    for (const c of clusters) mustOutlive(c, needed, "the k0smotron objects");
  });

  it("Kamaji's TenantControlPlanes and DataStores go before Kamaji and before the Secrets, Service and servers their DataStore points at", () => {
    const tcps = g().resources.filter((r) => r.type === "kubernetes:kamaji.clastix.io/v1alpha1:TenantControlPlane");
    const stores = g().resources.filter((r) => r.type === "kubernetes:kamaji.clastix.io/v1alpha1:DataStore");
    if (backends.find((b) => `${b.name}-10` === stack)!.operator !== "kamaji") return expect([...tcps, ...stores]).toEqual([]);
    const kamaji = g().resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.name === "kamaji");
    expect(kamaji).toHaveLength(1);
    const storeNeeds = (ds: PlanResource) => {
      const spec = ds.inputs.spec as Json;
      const secrets = secretRefs(spec).flatMap((s) => providersOf(g(), "Secret", s.name, s.namespace));
      const servers = (spec.endpoints as string[]).flatMap((e) => {
        // <service or pod>.<service>.<namespace>.svc... or <service>.<namespace>.svc...
        const labels = e.split(":")[0].split(".");
        const svcAt = labels.indexOf("svc") - 2;
        const [svc, ns] = [labels[svcAt], labels[svcAt + 1]];
        return [...providersOf(g(), "Service", svc, ns), ...providersOf(g(), "StatefulSet", svc, ns)];
      });
      expect(secrets.length, `${ds.name}: its credentials are registered`).toBeGreaterThanOrEqual(secretRefs(spec).length > 0 ? 1 : 0);
      expect(servers.length, `${ds.name}: its server is registered`).toBeGreaterThan(0);
      return [...kamaji, ...secrets, ...servers];
    };
    for (const ds of stores) mustOutlive(ds, storeNeeds(ds), "the objects");
    for (const tcp of tcps) {
      const ds = stores.find((s) => meta(s).name === (tcp.inputs.spec as Json).dataStore);
      expect(ds, `${tcp.name}: its DataStore is in the plan`).toBeDefined();
      mustOutlive(tcp, [ds!, ...storeNeeds(ds!)], "the objects");
    }
  });

  it("cert-manager's and the Prometheus operator's custom resources go before their operators", () => {
    const release = (n: string) => g().resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.name === n);
    for (const [group, operator] of [["cert-manager.io", "cert-manager"], ["monitoring.coreos.com", "kube-prometheus-stack"]] as const) {
      const crs = g().resources.filter(
        (r) => r.type.startsWith(`kubernetes:${group}/`) || (r.type === "kubernetes:yaml/v2:ConfigGroup" && ((r.inputs.objs ?? []) as Json[]).some((o) => String(o.apiVersion).startsWith(`${group}/`))),
      );
      // Kamaji's chart brings its webhook Certificate inside the release: some stacks register no cert-manager object.
      if (group === "monitoring.coreos.com") expect(crs.length, group).toBeGreaterThan(0);
      for (const cr of crs) mustOutlive(cr, release(operator), operator);
    }
  });

  it("no namespace goes before the objects inside it", () => {
    const namespaceObjects = new Map(g().resources.filter((r) => r.type === "kubernetes:core/v1:Namespace").map((r) => [meta(r).name!, r]));
    for (const r of g().resources.filter(isKubernetes)) {
      for (const ns of namespacesUsed(r)) {
        const nsObject = namespaceObjects.get(ns);
        if (nsObject && nsObject !== r) mustOutlive(r, [nsObject], `namespace ${ns}`);
      }
    }
  });

  it("the substrate goes last: node groups, EKS add-ons and storage classes outlive every Kubernetes object", () => {
    const substrate = g().resources.filter(
      (r) => r.type === "eks:index:ManagedNodeGroup" || r.type === "aws:eks/addon:Addon" || r.type === "kubernetes:storage.k8s.io/v1:StorageClass",
    );
    expect(substrate.filter((r) => r.type === "eks:index:ManagedNodeGroup").length).toBeGreaterThan(0);
    expect(substrate.some((r) => r.type === "aws:eks/addon:Addon" && r.name === "ebs-csi")).toBe(true);
    const substrateUrns = new Set(substrate.map((r) => r.urn));
    // The substrate layer's own Kubernetes objects (storage classes, the local-path provisioner) are part of it.
    for (const r of g().resources.filter((x) => isKubernetes(x) && !substrateUrns.has(x.urn) && !x.urn.includes("hcpbench:substrate:"))) {
      mustOutlive(r, substrate.filter((s) => !g().outlivers(s).has(r.urn)), "the substrate");
    }
  });

  it("the stack's PVs are waited for: every object outside the substrate goes before the volume drain, which goes before the volume provisioners", () => {
    // A PV is deleted by its provisioner after its claim's namespace is gone, asynchronously; the EBS CSI
    // add-on, the nodes it runs on and the local-path provisioner must outlive that wait, or EBS volumes leak.
    const drains = g().resources.filter((r) => r.type.endsWith(":VolumeDrain"));
    expect(drains, "one volume drain in the substrate").toHaveLength(1);
    const drain = drains[0];
    const provisioners = g().resources.filter(
      (r) =>
        r.type === "eks:index:ManagedNodeGroup" ||
        (r.type === "aws:eks/addon:Addon" && r.name === "ebs-csi") ||
        (isKubernetes(r) && r.urn.includes("hcpbench:substrate:")), // storage classes and the local-path provisioner
    );
    expect(provisioners.some((r) => r.name === "ebs-csi")).toBe(true);
    mustOutlive(drain, provisioners, "the volume provisioners");
    for (const r of g().resources.filter((x) => isKubernetes(x) && !x.urn.includes("hcpbench:substrate:"))) mustOutlive(r, [drain], "the volume drain");
    expect(drain.inputs.storageClasses).toEqual(expect.arrayContaining(g().resources.filter((r) => r.type.endsWith(":StorageClass")).map((r) => meta(r).name)));
  });
});
