import type { Dispatcher } from "undici";
import { nowMicros } from "../../measure/clock";
import { LatencyHistogram } from "../../measure/latencyHistogram";

/** Client-side queueing of the requests a driver sent, in seconds. */
export interface ClientQueueSummary {
  readonly requests: number;
  /** Waiting in the client for a connection (pool queue, connect) before the request went on the wire. */
  readonly waitMeanS: number;
  readonly waitP99S: number;
  /** Whole request, from the call to the last byte of the answer. */
  readonly requestMeanS: number;
  /** Sum of waits over sum of request times: the part of the latency the client spent queueing. */
  readonly share: number;
}

/**
 * An undici interceptor that times each request twice: from the call to the
 * moment undici writes it on a socket (its handler's onConnect, called by the
 * HTTP/1.1 client just before the request line), and from the call to the end
 * of the answer. The first is time no server could have spent: the request
 * waited in this process for a free connection.
 */
export class ClientQueueTimer {
  private wait = new LatencyHistogram();
  private waitSumUs = 0;
  private totalSumUs = 0;
  private requests = 0;

  interceptor(): Dispatcher.DispatcherComposeInterceptor {
    return (dispatch) => (opts, handler) => {
      const t0 = nowMicros();
      let sentUs: number | undefined;
      const done = () => {
        const end = nowMicros();
        // A request that never left (refused connection, aborted) waited all its time in the client.
        const wait = (sentUs ?? end) - t0;
        this.wait.recordMicros(wait);
        this.waitSumUs += wait;
        this.totalSumUs += end - t0;
        this.requests++;
      };
      const timed = new Proxy(handler as Dispatcher.DispatchHandler & Record<string | symbol, unknown>, {
        get(target, prop) {
          const v = Reflect.get(target, prop) as unknown;
          if (typeof v !== "function") return v;
          if (prop === "onConnect" || prop === "onRequestStart")
            return (...args: unknown[]) => {
              sentUs ??= nowMicros();
              return (v as (...a: unknown[]) => unknown).apply(target, args);
            };
          if (prop === "onComplete" || prop === "onResponseEnd" || prop === "onError" || prop === "onResponseError")
            return (...args: unknown[]) => {
              done();
              return (v as (...a: unknown[]) => unknown).apply(target, args);
            };
          return (v as (...a: unknown[]) => unknown).bind(target);
        },
      });
      return dispatch(opts, timed);
    };
  }

  /** Starts over: the measured phase counts only its own requests. */
  reset(): void {
    this.wait = new LatencyHistogram();
    this.waitSumUs = 0;
    this.totalSumUs = 0;
    this.requests = 0;
  }

  /** Several drivers' requests as one: waits and times add up, the histograms merge. */
  static merged(timers: readonly ClientQueueTimer[]): ClientQueueTimer {
    const m = new ClientQueueTimer();
    for (const t of timers) {
      m.wait.add(t.wait);
      m.waitSumUs += t.waitSumUs;
      m.totalSumUs += t.totalSumUs;
      m.requests += t.requests;
    }
    return m;
  }

  summary(): ClientQueueSummary {
    const w = this.wait.summary();
    return {
      requests: this.requests,
      waitMeanS: this.requests > 0 ? this.waitSumUs / this.requests / 1e6 : 0,
      waitP99S: w.p99,
      requestMeanS: this.requests > 0 ? this.totalSumUs / this.requests / 1e6 : 0,
      share: this.totalSumUs > 0 ? this.waitSumUs / this.totalSumUs : 0,
    };
  }
}
