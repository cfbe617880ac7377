/**
 * The HCPs one load pod of a sharded bench Job drives: a contiguous slice, shard i of K taking
 * items [floor(i·n/K), floor((i+1)·n/K)). Contiguous rather than round-robin so that the shards,
 * concatenated in index order, give back the fleet in its own order: a merged point's per-HCP
 * list then reads exactly like a single pod's. Shard sizes differ by at most one, and none is
 * empty while K ≤ n (bench.shards is at most fleet.count).
 */
export function shardOf<T>(items: readonly T[], index: number, count: number): T[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`shard count must be a whole number of at least 1 (got ${count})`);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new Error(`shard index must be between 0 and ${count - 1} (got ${index})`);
  if (count > items.length) throw new Error(`${count} shards cannot split ${items.length} HCPs: each shard needs at least one`);
  const n = items.length;
  return items.slice(Math.floor((index * n) / count), Math.floor(((index + 1) * n) / count));
}
