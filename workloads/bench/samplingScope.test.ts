import { describe, expect, it } from "vitest";
import { backends } from "../backends/registry";
import { parseConfig } from "../../infra/config/stackFiles";
import { placementFor } from "../../infra/substrate/pools";
import { sqlServerObjects } from "../../infra/platform/datastores/sqlServerObjects";
import { datastorePods, samplingScope } from "./samplingScope";

describe("what the bench samples as HCP and as storage", () => {
  // Written out by hand from the operators' and charts' labels (see samplingScope.ts), not from datastorePods.
  const k0smotronHcp = { namespace: "hcpbench-fleet", labelSelector: "app=k0smotron,component=cluster", unitLabel: "cluster" };
  const kamajiHcp = { namespace: "hcpbench-fleet", labelSelector: "kamaji.clastix.io/name", unitLabel: "kamaji.clastix.io/name" };
  const perHcpEtcd = { namespace: "hcpbench-fleet", labelSelector: "app=k0smotron,component=etcd", unitLabel: "cluster" };
  const postgres = { namespace: "hcpbench-data", labelSelector: "app.kubernetes.io/name=postgres" };
  const mysql = { namespace: "hcpbench-data", labelSelector: "app.kubernetes.io/name=mysql" };
  const minio = { namespace: "hcpbench-data", labelSelector: "app=minio,release=minio" };
  const expected: Record<string, { hcp: object; storage: object[] }> = {
    etcd: { hcp: k0smotronHcp, storage: [perHcpEtcd] },
    "kine-postgres": { hcp: k0smotronHcp, storage: [postgres] },
    "kine-mysql": { hcp: k0smotronHcp, storage: [mysql] },
    // SQLite and embedded NATS live inside the HCP pod: the per-HCP etcd selector finds no pods and reports none.
    "kine-sqlite": { hcp: k0smotronHcp, storage: [perHcpEtcd] },
    "kine-nats-embedded": { hcp: k0smotronHcp, storage: [perHcpEtcd] },
    "kine-t4": { hcp: k0smotronHcp, storage: [minio] },
    "t4-standalone": { hcp: k0smotronHcp, storage: [minio, { namespace: "hcpbench-data", labelSelector: "app.kubernetes.io/name=t4" }] },
    "kamaji-etcd": { hcp: kamajiHcp, storage: [{ namespace: "kamaji-system", labelSelector: "app.kubernetes.io/name=kamaji-etcd" }] },
    "kamaji-postgres": { hcp: kamajiHcp, storage: [postgres] },
    "kamaji-mysql": { hcp: kamajiHcp, storage: [mysql] },
    "kamaji-nats": { hcp: kamajiHcp, storage: [{ namespace: "hcpbench-data", labelSelector: "app.kubernetes.io/name=nats" }] },
  };

  it("covers every backend", () => expect(backends.map((b) => b.name).sort()).toEqual(Object.keys(expected).sort()));

  it.each(backends.map((b) => [b.name, b] as const))("%s", (name, backend) => {
    expect(samplingScope(backend)).toEqual(expected[name]);
  });

  it("selects the pods of the SQL StatefulSets the platform builds (second method: their pod template labels)", () => {
    for (const engine of ["postgres", "mysql"] as const) {
      const objects = sqlServerObjects({ cfg: parseConfig({ fleet: { backend: "kine-postgres", count: 100 } }), engine, placement: placementFor(engine === "postgres" ? "db-postgres" : "db-mysql"), storageClass: "io2", adminPassword: "x" });
      const sts = objects.find((o) => o.kind === "StatefulSet") as unknown as { metadata: { namespace?: string }; spec: { template: { metadata: { labels: Record<string, string> } } } };
      const group = datastorePods[engine];
      expect(sts.metadata.namespace).toBe(group.namespace);
      for (const term of (group.labelSelector ?? "").split(",")) {
        const [k, v] = term.split("=");
        expect(sts.spec.template.metadata.labels[k], `${engine}: ${term}`).toBe(v);
      }
    }
  });

  it("finds each datastore where the platform runs it", () => {
    const byName = Object.fromEntries(backends.map((b) => [b.name, samplingScope(b).storage]));
    expect(byName["kine-postgres"]).toEqual([{ namespace: "hcpbench-data", labelSelector: "app.kubernetes.io/name=postgres" }]);
    expect(byName["kamaji-etcd"]).toEqual([{ namespace: "kamaji-system", labelSelector: "app.kubernetes.io/name=kamaji-etcd" }]);
    expect(byName["t4-standalone"].map((g) => g.labelSelector).sort()).toEqual(["app.kubernetes.io/name=t4", "app=minio,release=minio"]);
  });
});
