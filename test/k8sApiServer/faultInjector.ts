/**
 * Faults the test API server can inject, to prove the load generator counts
 * each one in its class and never loses or double-counts an operation.
 * Faults strike before the request touches storage, so a failed write never
 * lands in etcd.
 */
export type FaultKind =
  /** Destroy the connection without answering (client: network error). */
  | "reset"
  /** 429 TooManyRequests with Retry-After (client: throttled). */
  | "throttle"
  /** 500 InternalError (client: server). */
  | "server-error"
  /** 504 Timeout (client: timeout). */
  | "gateway-timeout"
  /** Hold the request delayMs before answering; dropped if the client gave up meanwhile. */
  | "slow"
  /** On a watch: cut the connection after afterEvents events (client: reconnect from its last resourceVersion). */
  | "drop-watch"
  /** On a watch: answer with an ERROR event 410 Expired (client: relist). */
  | "gone";

export type FaultVerb = "create" | "update" | "delete" | "get" | "list" | "watch" | "deletecollection";

export interface FaultRule {
  readonly kind: FaultKind;
  /** Which requests; all when omitted. */
  readonly verb?: FaultVerb;
  /** Strike every nth matching request (default 1: each). */
  readonly every?: number;
  /** Strike at most this many times (default: no limit). */
  readonly times?: number;
  readonly delayMs?: number;
  readonly retryAfterS?: number;
  readonly afterEvents?: number;
}

interface ActiveRule {
  readonly rule: FaultRule;
  seen: number;
  struck: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  /** How many times each kind struck. */
  readonly struck: Record<FaultKind, number> = { reset: 0, throttle: 0, "server-error": 0, "gateway-timeout": 0, slow: 0, "drop-watch": 0, gone: 0 };

  add(rule: FaultRule): void {
    this.rules.push({ rule, seen: 0, struck: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault to apply to this request, if any (the first rule that strikes). */
  pick(verb: FaultVerb): FaultRule | undefined {
    for (const r of this.rules) {
      if (r.rule.verb && r.rule.verb !== verb) continue;
      if (r.rule.times !== undefined && r.struck >= r.rule.times) continue;
      r.seen++;
      if (r.seen % (r.rule.every ?? 1) !== 0) continue;
      r.struck++;
      this.struck[r.rule.kind]++;
      return r.rule;
    }
    return undefined;
  }
}
