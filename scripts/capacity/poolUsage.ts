import type { Allocatable } from "../../infra/aws/nodeAllocatable";
import type { PodSeries } from "./peakUsage";

/** Node-level usage of one pool over time: the pool's nodes summed at each sample time. */
export interface PoolUsage {
  readonly nodes: number;
  /** The nodes' own status.allocatable, summed. */
  readonly allocatable?: Allocatable;
  /** [unix seconds, millicores] and [unix seconds, MiB] for the pool, one point per sample time. */
  readonly cpuM: readonly (readonly [number, number])[];
  readonly memMi: readonly (readonly [number, number])[];
  /** Peak of the sum (never the sum of each node's own peak). */
  readonly peakCpuM?: number;
  readonly peakMemMi?: number;
  /** Which peaks exceed the pool's allocatable: a figure no scheduler could have placed there. */
  readonly overAllocatable: readonly ("cpu" | "memory")[];
}

export interface NodeRef {
  readonly name: string;
  readonly pool: string;
  readonly allocatable?: Allocatable;
}

function sumByTime(series: readonly PodSeries[], keep: (node: string) => boolean): [number, number][] {
  const at = new Map<number, number>();
  for (const s of series) {
    if (!keep(s.pod)) continue;
    for (const [t, v] of s.points) if (Number.isFinite(v)) at.set(t, (at.get(t) ?? 0) + v);
  }
  return [...at.entries()].sort((a, b) => a[0] - b[0]);
}

const peak = (points: readonly (readonly [number, number])[]) => (points.length > 0 ? Math.max(...points.map((p) => p[1])) : undefined);

/**
 * Per pool, from per-node series (the kubelet's root-cgroup figures, one
 * series per node): the pool's usage at each sample time, its peak, and whether
 * that peak is above what the pool's nodes can allocate. A node missing from
 * `nodes` is left out (it joined after the listing and belongs to no known pool).
 */
export function poolUsage(cpuSeries: readonly PodSeries[], memSeries: readonly PodSeries[], nodes: readonly NodeRef[]): Record<string, PoolUsage> {
  const pools = new Map<string, NodeRef[]>();
  for (const n of nodes) pools.set(n.pool, [...(pools.get(n.pool) ?? []), n]);
  const out: Record<string, PoolUsage> = {};
  for (const [pool, members] of [...pools.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const names = new Set(members.map((n) => n.name));
    const cpuM = sumByTime(cpuSeries, (n) => names.has(n));
    const memMi = sumByTime(memSeries, (n) => names.has(n));
    const known = members.every((n) => n.allocatable);
    const allocatable = known ? members.reduce((a, n) => ({ cpuM: a.cpuM + n.allocatable!.cpuM, memMi: a.memMi + n.allocatable!.memMi }), { cpuM: 0, memMi: 0 }) : undefined;
    const peakCpuM = peak(cpuM);
    const peakMemMi = peak(memMi);
    const overAllocatable: ("cpu" | "memory")[] = [];
    if (allocatable && peakCpuM !== undefined && peakCpuM > allocatable.cpuM) overAllocatable.push("cpu");
    if (allocatable && peakMemMi !== undefined && peakMemMi > allocatable.memMi) overAllocatable.push("memory");
    out[pool] = {
      nodes: members.length,
      ...(allocatable ? { allocatable } : {}),
      cpuM,
      memMi,
      ...(peakCpuM !== undefined ? { peakCpuM } : {}),
      ...(peakMemMi !== undefined ? { peakMemMi } : {}),
      overAllocatable,
    };
  }
  return out;
}
