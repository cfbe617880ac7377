import { describe, expect, it } from "vitest";
import { parseConfig } from "../config/stackFiles";
import { poolNames } from "../config/schema";
import { backends } from "../../workloads/backends/registry";
import { databaseEnginesFor, placementFor, poolLabels, poolsFor, poolTaints } from "./pools";

const cfg = (backend: string) => parseConfig({ fleet: { backend, count: 10 } });

describe("placementFor", () => {
  it("selects the pool's nodes by label and tolerates exactly the pool's own taint", () => {
    for (const pool of poolNames) {
      const p = placementFor(pool);
      expect(p.nodeSelector).toEqual({ "hcpbench.io/pool": pool });
      const taints = poolTaints(pool);
      expect(p.tolerations).toEqual(taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect })));
    }
  });

  it("taints every pool but hcp, so only workloads that ask land on control and database nodes", () => {
    expect(poolTaints("hcp")).toEqual([]);
    for (const pool of ["control", "db-postgres", "db-mysql"] as const) {
      expect(poolTaints(pool)).toEqual([{ key: "hcpbench.io/pool", value: pool, effect: "NoSchedule" }]);
      expect(poolLabels(pool)).toEqual({ "hcpbench.io/pool": pool });
    }
  });

  it("never tolerates another pool's taint", () => {
    for (const pool of poolNames) {
      for (const other of poolNames.filter((p) => p !== pool)) {
        for (const taint of poolTaints(other)) {
          expect(placementFor(pool).tolerations.some((t) => t.key === taint.key && t.value === taint.value)).toBe(false);
        }
      }
    }
  });
});

describe("poolsFor", () => {
  it("adds a database pool exactly when the backend's datastores include that engine", () => {
    for (const b of backends) {
      const pools = poolsFor(cfg(b.name));
      const stores: readonly string[] = b.datastores;
      expect(pools.slice(0, 2)).toEqual(["control", "hcp"]);
      expect(pools.includes("db-postgres")).toBe(stores.includes("postgres"));
      expect(pools.includes("db-mysql")).toBe(stores.includes("mysql"));
      expect(databaseEnginesFor(cfg(b.name))).toEqual((["postgres", "mysql"] as const).filter((e) => stores.includes(e)));
    }
  });

  it("gives kine-postgres its PostgreSQL pool and etcd none", () => {
    expect(poolsFor(cfg("kine-postgres"))).toEqual(["control", "hcp", "db-postgres"]);
    expect(poolsFor(cfg("kamaji-mysql"))).toEqual(["control", "hcp", "db-mysql"]);
    expect(poolsFor(cfg("etcd"))).toEqual(["control", "hcp"]);
  });
});
