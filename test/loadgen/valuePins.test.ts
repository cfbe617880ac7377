import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../infra/names/csv";
import type { LoadgenResult } from "../../workloads/loadgen/loadgenResult";
import { nowMicros } from "../../workloads/loadgen/measure/clock";
import { perfCsv } from "../../workloads/loadgen/resultFiles";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";
import { K8sApiServer } from "../k8sApiServer/k8sApiServer";
import { MemoryKvStore } from "../k8sApiServer/memoryKvStore";

/**
 * The load generator's numbers, pinned by what the server saw rather than by
 * the result's own fields: a store that notes when each write commits, and
 * server-side delays that make the wrong formula give a visibly wrong number.
 * Each pin was checked by planting the mistake it names (see the report of
 * issue 13): the test fails with the mistake and passes without it.
 */
class CommitLog extends MemoryKvStore {
  readonly commits: { kind: "create" | "update" | "delete"; key: string; us: number }[] = [];
  override async create(key: string, value: string) {
    const r = await super.create(key, value);
    if (r !== undefined) this.commits.push({ kind: "create", key, us: nowMicros() });
    return r;
  }
  override async update(key: string, value: string, expectedMod: number) {
    const r = await super.update(key, value, expectedMod);
    if (r !== undefined) this.commits.push({ kind: "update", key, us: nowMicros() });
    return r;
  }
  override async delete(key: string, expectedMod: number) {
    const r = await super.delete(key, expectedMod);
    if (r !== undefined) this.commits.push({ kind: "delete", key, us: nowMicros() });
    return r;
  }
  /** Commits to the load objects of one namespace. */
  of(namespace: string) {
    return this.commits.filter((c) => c.key.startsWith(`/registry/configmaps/${namespace}/`));
  }
}

const perfRowOf = (r: LoadgenResult) => {
  const [header, row] = parseCsv(perfCsv(r));
  return Object.fromEntries(header.map((h, i) => [h, row[i]]));
};

describe("load generator values, pinned against the server's view", () => {
  const firstCreateDelayMs = 1500;
  const updateDelayMs = 700;
  const watchers = 2;
  const objects = 10;
  const concurrency = 5;
  let store: CommitLog;
  let api: K8sApiServer;
  let churn: LoadgenResult;

  beforeAll(async () => {
    store = new CommitLog();
    api = await K8sApiServer.start({ store });
    // The first round of creates (one per client, after the namespace's own create) waits before it
    // commits, so the first event comes long after the first send; every update waits, so a delete
    // is sent long after the update before it.
    api.inject({ kind: "slow", verb: "create", times: 1 + concurrency, delayMs: firstCreateDelayMs });
    api.inject({ kind: "slow", verb: "update", delayMs: updateDelayMs });
    // Some creates fail, so successful writes differ from objects x 4.
    api.inject({ kind: "throttle", verb: "create", every: 3 });
    churn = await runLoadgen({ target: { kind: "kubernetes", kubeconfig: api.kubeconfig() }, profile: "watch-churn", namespace: "pins", ops: objects, concurrency, watchers, warmup: 0 });
    api.faults.clear();
  }, 120_000);
  afterAll(() => api.stop());

  it("expects successful writes x watchers events, the writes counted by the server", () => {
    const committed = store.of("pins").length;
    expect(churn.steps.create.errors, "some creates were throttled").toBeGreaterThan(0);
    expect(committed).toBeLessThan(objects * 4);
    expect(churn.watch!.expectedEvents, `expectedEvents must be successful writes (${committed}, counted by the server) x watchers (${watchers})`).toBe(committed * watchers);
    expect(churn.watch!.events).toBe(committed * watchers);
  });

  it("times a delete's lag from the delete's own send, not from the update before it", () => {
    const w = churn.watch!;
    // Updates are held updateDelayMs before they commit, so their events lag at least that much.
    expect(w.lagByType.modified.p50).toBeGreaterThanOrEqual(updateDelayMs / 1000);
    // A delete is sent only after update2 answered (>= updateDelayMs after update2's send); timed from
    // its own send it is an in-memory commit and one event, far below the delay.
    expect(w.lagByType.deleted.count).toBe(churn.steps.delete.successes * watchers);
    expect(w.lagByType.deleted.max, "delete lag looks timed from an earlier send").toBeLessThan(updateDelayMs / 1000 / 2);
  });

  it("rates watch events over last event - first send, which includes the held first creates", () => {
    const w = churn.watch!;
    const commits = store.of("pins");
    const firstCommitUs = Math.min(...commits.map((c) => c.us));
    const lastCommitUs = Math.max(...commits.map((c) => c.us));
    // The first send came >= firstCreateDelayMs before the first commit; the last event came after the last commit.
    const shortestWindowS = (lastCommitUs - firstCommitUs) / 1e6 + firstCreateDelayMs / 1000;
    expect(w.eventRate, "eventRate's window must start at the first send").toBeLessThanOrEqual(w.events / shortestWindowS);
    // And it is no drain-padded figure: the whole run, watches and all, bounds the window from above.
    expect(w.eventRate).toBeGreaterThan(0);
    const row = perfRowOf(churn);
    expect(Number(row.watch_event_rate)).toBeCloseTo(w.eventRate, 2);
  });

  it("writes perf.csv durations in seconds: the held updates read as 0.7 s, not 700", () => {
    const row = perfRowOf(churn);
    // Half the successful writes are updates held 0.7 s, so the 95th percentile is at least that; as ms it would read 700+.
    expect(Number(row.write_p95_s)).toBeGreaterThanOrEqual(updateDelayMs / 1000);
    expect(Number(row.write_p95_s)).toBeLessThan(30);
    expect(Number(row.watch_lag_max_s)).toBeGreaterThanOrEqual(updateDelayMs / 1000);
    expect(Number(row.watch_lag_max_s)).toBeLessThan(30);
  });
});

describe("an aborted run", () => {
  it("accounts for every planned operation of every step: successes + errors + not attempted + skipped", async () => {
    const store = new CommitLog();
    const api = await K8sApiServer.start({ store });
    try {
      api.inject({ kind: "slow", verb: "update", delayMs: 50 });
      const abort = new AbortController();
      // Stop once a few objects have gone through, mid-churn.
      const watcher = setInterval(() => store.of("abort").filter((c) => c.kind === "delete").length >= 3 && abort.abort(), 5);
      const r = await runLoadgen({
        target: { kind: "kubernetes", kubeconfig: api.kubeconfig() },
        profile: "watch-churn",
        namespace: "abort",
        ops: 400,
        concurrency: 4,
        watchers: 1,
        warmup: 0,
        signal: abort.signal,
      }).finally(() => clearInterval(watcher));
      expect(r.partial).toBe(true);
      expect(Object.keys(r.steps)).toEqual(["create", "update1", "update2", "delete"]);
      for (const [name, s] of Object.entries(r.steps)) {
        expect(s.planned, name).toBe(400);
        expect(s.successes + s.errors + s.notAttempted + s.skipped, `${name}: planned = successes + errors + notAttempted + skipped`).toBe(s.planned);
        expect(s.notAttempted, `${name} stopped early`).toBeGreaterThan(0);
      }
      // The server saw exactly the successes.
      const byKind = (k: string) => store.of("abort").filter((c) => c.kind === k).length;
      expect(r.steps.create.successes).toBe(byKind("create"));
      expect(r.steps.delete.successes).toBe(byKind("delete"));
      expect(r.steps.update1.successes + r.steps.update2.successes).toBe(byKind("update"));
    } finally {
      await api.stop();
    }
  }, 120_000);
});
