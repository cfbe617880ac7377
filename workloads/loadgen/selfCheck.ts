import * as os from "node:os";
import type { ClientQueueSummary } from "./drivers/kubernetes/clientQueueTimer";

/** Event-loop delay p99 above which the client's own sends and timings are late enough to matter. */
export const maxEventLoopDelayP99Ms = 100;
/** Share of the machine's cores above which the client competes with itself (and whatever it measures). */
export const maxCpuShare = 0.9;
/** Open loop: an achieved rate below this share of the offered one, on a saturated client, is the client's limit. */
export const minAchievedShare = 0.9;
/** Above this share of request time spent waiting for a connection in the client, the latency is the client's queue. */
export const maxClientQueueShare = 0.5;

export interface SelfCheckInput {
  readonly cpuS: number;
  readonly wallS: number;
  readonly eventLoopDelayP99Ms: number;
  readonly offeredRate?: number;
  readonly achievedRate?: number;
  readonly cores?: number;
  /** Kubernetes targets: the measured requests' wait for a connection in the client. */
  readonly clientQueue?: ClientQueueSummary;
  readonly connectionsPerTarget?: number;
  readonly clients?: number;
}

export interface SelfCheck {
  readonly client: { readonly cpuCores: number; readonly cpuShare: number; readonly eventLoopDelayP99Ms: number };
  readonly rates?: { readonly offered: number; readonly achieved: number };
  readonly queueing?: ClientQueueSummary & { readonly dominated: boolean };
  /** Why the point measures the load generator rather than the target; undefined when it does not. */
  readonly invalid?: string;
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Whether the load generator was the bottleneck of its own point: a late
 * event loop (sends leave late, receive times are stamped late) or a client
 * using (nearly) every core. An open-loop rate that was not reached is named
 * in the reason when the client was saturated; on its own it is the target's
 * answer (latency counts from the intended send time), not a client fault.
 */
export function clientSelfCheck(i: SelfCheckInput): SelfCheck {
  const cores = i.cores ?? os.cpus().length;
  const cpuCores = i.wallS > 0 ? i.cpuS / i.wallS : 0;
  const cpuShare = cpuCores / cores;
  const reasons: string[] = [];
  if (i.eventLoopDelayP99Ms > maxEventLoopDelayP99Ms) reasons.push(`event-loop delay p99 ${round(i.eventLoopDelayP99Ms, 1)} ms > ${maxEventLoopDelayP99Ms} ms`);
  if (cpuShare > maxCpuShare) reasons.push(`client used ${round(cpuCores, 2)} of ${cores} cores (> ${maxCpuShare * 100} %)`);
  const rates = i.offeredRate !== undefined && i.achievedRate !== undefined ? { offered: round(i.offeredRate, 2), achieved: round(i.achievedRate, 2) } : undefined;
  const q = i.clientQueue;
  const dominated = q !== undefined && q.requests > 0 && q.share > maxClientQueueShare;
  if (dominated) {
    const pool = i.connectionsPerTarget !== undefined && i.clients !== undefined ? ` (${i.connectionsPerTarget} connection(s) per target for ${i.clients} clients)` : "";
    reasons.push(
      `client-side queueing dominated latency: requests waited ${round(q.waitMeanS * 1000, 1)} ms of ${round(q.requestMeanS * 1000, 1)} ms on average (${round(q.share * 100, 1)} %) for a connection in the load generator${pool}, not in the server`,
    );
  }
  if (reasons.length > 0 && rates && rates.achieved < minAchievedShare * rates.offered) reasons.push(`achieved ${rates.achieved}/s of ${rates.offered}/s offered`);
  return {
    client: { cpuCores: round(cpuCores, 3), cpuShare: round(cpuShare, 3), eventLoopDelayP99Ms: round(i.eventLoopDelayP99Ms, 2) },
    ...(rates ? { rates } : {}),
    ...(q && q.requests > 0
      ? { queueing: { requests: q.requests, waitMeanS: round(q.waitMeanS, 6), waitP99S: round(q.waitP99S, 6), requestMeanS: round(q.requestMeanS, 6), share: round(q.share, 4), dominated } }
      : {}),
    ...(reasons.length > 0 ? { invalid: reasons.join("; ") } : {}),
  };
}
