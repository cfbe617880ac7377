import { createDriver, resolveTarget, type DriverSpec } from "./drivers/driverFactory";
import type { DriverSettings } from "./drivers/driverSettings";
import type { StoreDriver } from "./drivers/storeDriver";
import { targetList, type LoadgenOptions } from "./loadgenOptions";
import { resultSchemaVersion, type LoadgenResult, type ServerMetricsDelta } from "./loadgenResult";
import { resolveSettings } from "./loadgenSettings";
import { nowMicros } from "./measure/clock";
import { StepRecorder } from "./measure/stepRecorder";
import { encodeResultHistograms } from "./measure/resultHistograms";
import type { ProfileContext } from "./profiles/profile";
import type { ResourceSummary } from "./resourceSampler";
import { scrapeServer, serverDelta, type ServerSnapshot } from "./serverMetrics/serverScrape";
import { runClosedLoop, runOpenLoop, type PhaseLimits } from "./schedule/phaseRunner";
import { TokenBucket } from "./schedule/tokenBucket";
import { clientSelfCheck } from "./selfCheck";
import { ClientQueueTimer } from "./drivers/kubernetes/clientQueueTimer";
import { TargetWatchdog } from "./targetWatchdog";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { judgeSlo } from "./slo/sloVerdict";

export type { LoadgenOptions, LoadTarget, KubernetesTarget, EtcdTarget, LoadgenLabels } from "./loadgenOptions";
export type { LoadgenResult, StepResult, WatchResult, LatencySummary, ServerMetricsDelta, ErrorClass } from "./loadgenResult";
export type { ResourceSampler, ResourceSummary } from "./resourceSampler";

/**
 * Runs one point (one profile, one concurrency or rate, one run) and returns
 * its result. Bad options and unreachable targets throw InputError before any
 * load starts. Load errors never throw: they are counted. Aborting
 * opts.signal stops new operations and returns what ran, with partial = true.
 */
export async function runLoadgen(opts: LoadgenOptions): Promise<LoadgenResult> {
  const { profile, settings, payloadBytes, connections: opConnections, slo } = resolveSettings(opts);
  const specs: DriverSpec[] = await Promise.all(targetList(opts.target).map(resolveTarget));
  const driverSettings: DriverSettings = {
    namespace: settings.namespace,
    connections: opConnections,
    requestTimeoutMs: settings.requestTimeoutMs,
    payloadBytes,
    // A cold tenant writes in two phases (alone, then with the hot ones), each at most ops.
    objectCapacity: Math.max(1, settings.warmup) + settings.ops * (settings.coldRate !== undefined ? 2 : 1),
  };
  const drivers: StoreDriver[] = specs.map((s) => createDriver(s, driverSettings));
  const log = opts.log ?? (() => undefined);
  const timestamp = new Date().toISOString();
  const cpuStart = process.cpuUsage();
  const wallStart = nowMicros();
  // 10 ms resolution: the delay that matters here (a send or a timing late by tens of ms) stays visible, at negligible cost.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  try {
    await Promise.all(drivers.map((d) => d.check()));
    log(`preparing ${drivers.length} target(s): namespace ${settings.namespace}, deleting leftover load objects`);
    await Promise.all(
      drivers.map(async (d) => {
        await d.prepareNamespace();
        const left = await d.deleteLeftovers(settings.phaseTimeoutMs);
        if (left > 0) log(`${d.label}: deleted ${left} leftover objects`);
      }),
    );

    // A target that stops answering ends the point (partial: target lost) instead of leaving it to phase timeouts.
    const watchdog = new TargetWatchdog(specs.map((s) => createDriver(s, { ...driverSettings, connections: 1 })), opts.watchdogTiming);
    const signal = opts.signal ? AbortSignal.any([opts.signal, watchdog.signal]) : watchdog.signal;
    watchdog.start();
    const limiter = opts.qps !== undefined && opts.burst !== undefined ? new TokenBucket(opts.qps, opts.burst) : undefined;
    const source = specs[0].kind === "etcd" ? "etcd" : "apiserver";
    const scrape = opts.scrapeServerMetrics !== false;
    let before: ServerSnapshot[] = [];
    let measured: readonly StoreDriver[] = [];
    let server: ServerMetricsDelta[] = [];
    let resources: ResourceSummary | undefined;
    let sampling = false;
    const phaseLimits = (): PhaseLimits => ({ deadlineUs: nowMicros() + settings.phaseTimeoutMs * 1000, signal });
    const ctx: ProfileContext = {
      drivers,
      specs,
      driverSettings,
      settings,
      ...(limiter ? { limiter } : {}),
      signal,
      log,
      phaseLimits,
      runPhase: (work) => (settings.rate ? runOpenLoop(work, settings.rate, settings.concurrency, phaseLimits()) : runClosedLoop(work, settings.concurrency, phaseLimits())),
      async beginMeasured(ds) {
        measured = ds;
        for (const d of ds) d.clientQueue?.reset();
        if (scrape) before = await Promise.all(ds.map((d) => scrapeServer(d, source)));
        if (opts.resourceSampler) {
          opts.resourceSampler.start();
          sampling = true;
        }
      },
      async endMeasured() {
        if (sampling) {
          sampling = false;
          resources = await opts.resourceSampler!.stop();
        }
        if (scrape && before.length > 0) {
          const after = await Promise.all(measured.map((d) => scrapeServer(d, source)));
          server = before.map((b, i) => serverDelta(b, after[i]));
          before = [];
        }
      },
    };

    let outcome;
    try {
      outcome = await profile.run(ctx);
    } finally {
      if (sampling) await ctx.endMeasured();
      await watchdog.stop();
    }
    const cpu = process.cpuUsage(cpuStart);
    loopDelay.disable();
    const connections = drivers.reduce((n, d) => n + (d.connectionsInUse?.() ?? 0), 0);
    const queueTimers = drivers.flatMap((d) => (d.clientQueue ? [d.clientQueue] : []));
    const clientQueue = queueTimers.length > 0 ? ClientQueueTimer.merged(queueTimers).summary() : undefined;
    const steps = Object.fromEntries(Object.entries(outcome.steps).map(([k, r]) => [k, r.result()]));
    const aggregate = (names: readonly string[]) => StepRecorder.merged(names.map((n) => outcome.steps[n])).result();
    const labels = opts.labels ?? {};
    const partial = signal.aborted;
    const partialReason = watchdog.lost ? `target lost: ${watchdog.lost}` : "interrupted";
    const writesResult = aggregate(outcome.writeSteps);
    const readsResult = aggregate(outcome.readSteps);
    const check = clientSelfCheck({
      cpuS: (cpu.user + cpu.system) / 1e6,
      wallS: (nowMicros() - wallStart) / 1e6,
      eventLoopDelayP99Ms: loopDelay.count > 0 ? loopDelay.percentile(99) / 1e6 : 0,
      ...(clientQueue && clientQueue.requests > 0 ? { clientQueue, connectionsPerTarget: opConnections, clients: settings.concurrency } : {}),
      ...(settings.rate ? { offeredRate: outcome.offeredRate ?? settings.rate, achievedRate: writesResult.throughputOps + readsResult.throughputOps } : {}),
    });
    return {
      schemaVersion: resultSchemaVersion,
      tool: "hcpbench-loadgen",
      profile: opts.profile,
      timestamp,
      finishedAt: new Date().toISOString(),
      runId: labels.runId ?? String(opts.run ?? 1),
      storageName: labels.storageName ?? (specs[0].kind === "etcd" ? "etcd-direct" : ""),
      hcpCpuLimit: labels.hcpCpuLimit ?? "",
      hcpMemoryLimit: labels.hcpMemoryLimit ?? "",
      extraLabels: { ...(labels.extra ?? {}) },
      targets: specs.map((s) => ({ kind: s.kind, name: s.label })),
      settings: {
        mode: settings.rate ? "open-loop" : "closed-loop",
        ops: settings.ops,
        concurrency: settings.concurrency,
        warmup: settings.warmup,
        watchers: profile.uses.includes("watchers") ? settings.watchers : 0,
        watchWorkers: profile.uses.includes("watchers") ? settings.watchWorkers : 0,
        ...(settings.rate ? { rate: settings.rate } : {}),
        ...(profile.uses.includes("lists") ? { lists: settings.lists } : {}),
        ...(profile.uses.includes("readFraction") ? { readFraction: settings.readFraction } : {}),
        ...(profile.uses.includes("hotFraction") ? { hotFraction: settings.hotFraction } : {}),
        ...(settings.coldRate !== undefined ? { coldRate: settings.coldRate } : {}),
        requestTimeoutMs: settings.requestTimeoutMs,
        phaseTimeoutMs: settings.phaseTimeoutMs,
        watchStallS: settings.watchStallS,
        ...(limiter ? { qps: opts.qps, burst: opts.burst } : {}),
        namespace: settings.namespace,
      },
      partial,
      ...(partial ? { partialReason } : {}),
      steps,
      writes: writesResult,
      reads: readsResult,
      ...(outcome.watch ? { watch: outcome.watch } : {}),
      ...(outcome.list ? { list: outcome.list } : {}),
      ...(outcome.perTarget ? { perTarget: outcome.perTarget } : {}),
      ...(outcome.tenants ? { tenants: outcome.tenants } : {}),
      server,
      ...(resources ? { resources } : {}),
      client: { cpuUserS: cpu.user / 1e6, cpuSystemS: cpu.system / 1e6, maxRssMiB: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10, ...check.client, connections, ...(check.queueing ? { queueing: check.queueing } : {}) },
      ...(check.rates ? { rates: check.rates } : {}),
      ...(check.invalid ? { invalid: check.invalid } : {}),
      slo: judgeSlo(slo, { writes: writesResult, reads: readsResult, ...(outcome.watch ? { watch: outcome.watch } : {}), partial, ...(partial ? { partialReason } : {}) }),
      ...(opts.histograms ? { histograms: encodeResultHistograms(outcome) } : {}),
    };
  } finally {
    await Promise.all(drivers.map((d) => d.close()));
  }
}

/** opts.runs runs of the same point, one after another; each is its own result, handed to onResult as it completes. */
export async function runLoadgenRuns(opts: LoadgenOptions, onResult?: (result: LoadgenResult, run: number) => void | Promise<void>): Promise<LoadgenResult[]> {
  const results: LoadgenResult[] = [];
  const runs = opts.runs ?? 1;
  for (let run = 1; run <= runs; run++) {
    const result = await runLoadgen({ ...opts, run });
    results.push(result);
    await onResult?.(result, run);
    if (opts.signal?.aborted) break;
  }
  return results;
}
