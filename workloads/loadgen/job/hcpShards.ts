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

/**
 * mixed-hot's shares: the load generator makes the first ceil(hotFraction x n) of its targets hot,
 * so each shard gets a contiguous share of the fleet's `hot` hot HCPs first, then its share of
 * the cold ones (possibly none), and the hot fraction that makes exactly its hot share hot. The
 * shards together then load the same HCPs at the same rate as one pod would; their per-HCP lists,
 * concatenated, hold every HCP once, hot ones first within each shard. Needs count ≤ hot.
 */
export function hotShardOf<T>(items: readonly T[], index: number, count: number, hot: number): { items: T[]; hotFraction: number } {
  if (count > hot) throw new Error(`${count} shards cannot split ${hot} hot HCPs: each shard needs at least one`);
  const hotShare = shardOf(items.slice(0, hot), index, count);
  const cold = items.slice(hot);
  const coldShare = cold.slice(Math.floor((index * cold.length) / count), Math.floor(((index + 1) * cold.length) / count));
  const share = [...hotShare, ...coldShare];
  // ceil(f x n) must give exactly the hot share: half an HCP below it keeps float error from rounding up to one more.
  return { items: share, hotFraction: (hotShare.length - 0.5) / share.length };
}
