import { InputError } from "../../infra/names/inputError";
import { describeStatus, type FollowStatus } from "./benchJobFollower";

/** How often `run` and `sweep` read the bench Job: HCPBENCH_FOLLOW_POLL_SECONDS, 15 s by default. */
export function followPollMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HCPBENCH_FOLLOW_POLL_SECONDS;
  if (raw === undefined || raw === "") return 15_000;
  const s = Number(raw);
  if (!Number.isFinite(s) || s < 0.05 || s > 3600) throw new InputError(`HCPBENCH_FOLLOW_POLL_SECONDS: must be a number of seconds from 0.05 to 3600 (got "${raw}")`);
  return s * 1000;
}

/**
 * Progress lines while a bench Job is followed: its pods and elapsed time from each read, and
 * the points done, counted from the results at most every `everyMs` (a listing of the bucket,
 * which the Job fills point by point). A count that fails keeps the last one.
 */
export function benchProgress(o: {
  planned?: number;
  countDone?: () => Promise<number>;
  everyMs?: number;
  write: (line: string) => void;
  now?: () => number;
}): (s: FollowStatus) => void {
  const now = o.now ?? Date.now;
  const everyMs = o.everyMs ?? 60_000;
  let done: number | undefined;
  let countedAt = -Infinity;
  let counting = false;
  return (s) => {
    if (o.countDone && !counting && now() - countedAt >= everyMs) {
      counting = true;
      countedAt = now();
      o.countDone()
        .then((n) => (done = n))
        .catch(() => undefined)
        .finally(() => (counting = false));
    }
    const points = done === undefined ? "" : o.planned === undefined ? `; ${done} points done` : `; ${done}/${o.planned} points done`;
    o.write(`${describeStatus(s)}${points}`);
  };
}
