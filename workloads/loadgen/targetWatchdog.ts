import type { StoreDriver } from "./drivers/storeDriver";

/** How often the target is probed, how long a probe may take, and how many failures in a row mean it is lost. */
export interface WatchdogTiming {
  readonly everyMs: number;
  readonly probeTimeoutMs: number;
  readonly failures: number;
}

/** Probes every 5 s with a 5 s limit; 3 failures in a row: a dead target ends the point in 15-25 s, within the 30 s promised. */
export const defaultWatchdogTiming: WatchdogTiming = { everyMs: 5000, probeTimeoutMs: 5000, failures: 3 };

/**
 * Watches a target on its own connection (never queued behind the load) with
 * the driver's reachability check. When it stops answering, `lost` holds why
 * and the signal aborts, so the point ends with what was measured instead of
 * waiting out phase timeouts for answers and events that cannot come.
 */
export class TargetWatchdog {
  private readonly ac = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private failuresInRow = 0;
  private probing = false;
  lost: string | undefined;

  constructor(private readonly probes: readonly StoreDriver[], private readonly timing: WatchdogTiming = defaultWatchdogTiming) {}

  get signal(): AbortSignal {
    return this.ac.signal;
  }

  start(): void {
    this.timer = setInterval(() => void this.probe(), this.timing.everyMs);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    if (this.probing || this.lost) return;
    this.probing = true;
    try {
      const answers = await Promise.all(this.probes.map((d) => this.answer(d)));
      const failed = answers.find((a) => a !== undefined);
      this.failuresInRow = failed === undefined ? 0 : this.failuresInRow + 1;
      if (failed !== undefined && this.failuresInRow >= this.timing.failures) {
        this.lost = failed;
        this.ac.abort();
      }
    } finally {
      this.probing = false;
    }
  }

  /** undefined when the target answered in time, else why not. */
  private async answer(d: StoreDriver): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((r) => (timer = setTimeout(() => r(`no answer in ${this.timing.probeTimeoutMs} ms`), this.timing.probeTimeoutMs)));
    // check(): GET /version, or etcd's channel state and a count: cheap, and never one of the load's own requests (a LIST of the load objects would show in the server's figures).
    const rev = d.check().then(
      () => undefined,
      (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/^--target: /, ""),
    );
    const out = await Promise.race([rev, timeout]);
    clearTimeout(timer);
    return out === undefined ? undefined : `${d.label}: ${out}`;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.probes.map((d) => d.close()));
  }
}
