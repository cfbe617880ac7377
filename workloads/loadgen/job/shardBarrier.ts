/** What a barrier needs of the bucket: the bench role's put and prefix listing. */
export interface BarrierStore {
  put(key: string, body: string): Promise<void>;
  keys(prefix: string): Promise<string[]>;
}

export interface BarrierOptions {
  readonly pollMs: number;
  /** How long one step waits for the slowest shard; past it the step goes on without the missing ones. */
  readonly timeoutMs: number;
  /** SIGTERM: stop waiting at once. */
  readonly signal: AbortSignal;
}

/**
 * Keeps the pods of a sharded bench Job in step: a fleet point is only a fleet point if every
 * shard drives its HCPs at the same time, and a single-HCP point (run by shard 0 alone) must not
 * overlap other shards' load. Before each step a pod writes its marker
 * `<prefix><step>/<index>` into the results bucket (the one place every pod can write) and waits
 * until all shards' markers are there. The prefix holds the Job's uid, so a later Job under the
 * same run token never sees an earlier one's markers. A shard that never arrives (its pod failed,
 * and indexes are not retried) holds the others back for at most `timeoutMs` per step.
 */
export class ShardBarrier {
  constructor(
    private readonly store: BarrierStore,
    private readonly prefix: string,
    private readonly index: number,
    private readonly count: number,
    private readonly opts: BarrierOptions,
  ) {}

  /** Arrives at `step` and waits for the others; returns the shards still missing when it stopped waiting (none normally). */
  async arrive(step: string): Promise<number[]> {
    const dir = `${this.prefix}${step}/`;
    await this.store.put(`${dir}${this.index}`, "");
    const until = Date.now() + this.opts.timeoutMs;
    for (;;) {
      const arrived = new Set((await this.store.keys(dir)).map((k) => k.slice(dir.length)));
      const missing = Array.from({ length: this.count }, (_, i) => i).filter((i) => !arrived.has(String(i)));
      if (missing.length === 0 || this.opts.signal.aborted || Date.now() >= until) return missing;
      await sleep(Math.min(this.opts.pollMs, Math.max(0, until - Date.now())), this.opts.signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
