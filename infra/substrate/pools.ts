import { poolLabel } from "../namespaces";
import { poolNames, type Config, type PoolName } from "../config/schema";
import type { Placement, Toleration } from "./substrate";
import { backendDescriptor } from "../names/backends";

/**
 * Placement by pools (ARCHITECTURE "Placement by pools"): every node of a pool
 * carries the label `hcpbench.io/pool=<pool>`, and every pool except `hcp`
 * also carries the taint `hcpbench.io/pool=<pool>:NoSchedule`, so only the
 * workloads that ask for the control or a database node land there. The node
 * groups and the workloads both read this module, so the two cannot drift.
 */

/** The pool where the HCP pods run stays untainted: cluster add-ons without placement may also land there, never on a database node. */
export function isTainted(pool: PoolName): boolean {
  return pool !== "hcp";
}

export interface PoolTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NoSchedule";
}

export function poolLabels(pool: PoolName): Record<string, string> {
  return { [poolLabel]: pool };
}

export function poolTaints(pool: PoolName): PoolTaint[] {
  return isTainted(pool) ? [{ key: poolLabel, value: pool, effect: "NoSchedule" }] : [];
}

/** The node selector and tolerations every pod of a pool's workloads sets. */
export function placementFor(pool: PoolName): Placement {
  const tolerations: Toleration[] = poolTaints(pool).map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect }));
  return { nodeSelector: poolLabels(pool), tolerations };
}

/** Database pools per SQL engine: the pool exists only when the stack's backend uses that engine. */
const databasePools = { postgres: "db-postgres", mysql: "db-mysql" } as const satisfies Record<string, PoolName>;

/** The pools a stack needs, in declaration order: control and hcp always, a database pool only when the backend needs its engine. */
export function poolsFor(cfg: Config): PoolName[] {
  const datastores: readonly string[] = backendDescriptor(cfg.fleet.backend).datastores;
  const needed = new Set<PoolName>(["control", "hcp"]);
  for (const [engine, pool] of Object.entries(databasePools)) if (datastores.includes(engine)) needed.add(pool);
  return poolNames.filter((p) => needed.has(p));
}

/** SQL engines whose database server (and its io2 volume) the stack runs. */
export function databaseEnginesFor(cfg: Config): (keyof typeof databasePools)[] {
  const datastores: readonly string[] = backendDescriptor(cfg.fleet.backend).datastores;
  return (Object.keys(databasePools) as (keyof typeof databasePools)[]).filter((e) => datastores.includes(e));
}
