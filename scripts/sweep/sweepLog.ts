import * as fs from "node:fs";
import * as path from "node:path";

export type SweepStep = "settings" | "preview" | "up-fleet" | "capacity" | "seed" | "bench" | "follow" | "collect" | "destroy" | "stack" | "sweep";
export type SweepEvent = "start" | "done" | "failed" | "skipped" | "cancelled";

export interface SweepLogEntry {
  readonly time: string;
  readonly sweepId: string;
  readonly stack?: string;
  readonly step: SweepStep;
  readonly event: SweepEvent;
  /** Duration of the step, on its done/failed/cancelled line. */
  readonly seconds?: number;
  readonly error?: string;
  readonly detail?: Record<string, unknown>;
}

/** `<out>/sweep.log.jsonl`: one JSON object per line for every step of every stack, appended as it happens. */
export class SweepLog {
  readonly file: string;

  constructor(
    outDir: string,
    private readonly sweepId: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    fs.mkdirSync(outDir, { recursive: true });
    this.file = path.join(outDir, "sweep.log.jsonl");
  }

  write(entry: Omit<SweepLogEntry, "time" | "sweepId">): void {
    const line: SweepLogEntry = { time: this.now().toISOString(), sweepId: this.sweepId, ...entry };
    // appendFileSync: a line is on disk before the next step starts, even if the process is killed.
    fs.appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }

  /** Runs one step, logging its start and its end with the time it took. */
  async step<T>(stack: string, step: SweepStep, run: () => Promise<T>, detail?: (result: T) => Record<string, unknown>): Promise<T> {
    const started = Date.now();
    this.write({ stack, step, event: "start" });
    try {
      const result = await run();
      this.write({ stack, step, event: "done", seconds: (Date.now() - started) / 1000, ...(detail ? { detail: detail(result) } : {}) });
      return result;
    } catch (err) {
      const cancelled = err instanceof CancelledError;
      this.write({ stack, step, event: cancelled ? "cancelled" : "failed", seconds: (Date.now() - started) / 1000, error: firstLine(err) });
      throw err;
    }
  }
}

/** The sweep was interrupted (Ctrl-C, SIGTERM) before or during a step. */
export class CancelledError extends Error {
  constructor(what: string) {
    super(`cancelled: ${what}`);
    this.name = "CancelledError";
  }
}

export function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // Pulumi's errors carry the whole CLI output; its "error:" line is the one that says why.
  const lines = msg.split("\n").map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => /^error:/i.test(l)) ?? lines[0] ?? "").slice(0, 500);
}
