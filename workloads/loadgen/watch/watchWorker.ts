import { parentPort, workerData } from "node:worker_threads";
import { createDriver, type DriverSpec } from "../drivers/driverFactory";
import type { DriverSettings } from "../drivers/driverSettings";
import { WatcherGroup, type WatcherGroupOptions } from "./watcherGroup";

/** Runs a share of the watchers in a worker thread; the main thread drives it with messages. */
export interface WatchWorkerData {
  readonly spec: DriverSpec;
  readonly settings: DriverSettings;
  readonly watchers: number;
  /** Shared memory (send times, write log) travels as SharedArrayBuffers: the same tables on every thread. */
  readonly group: WatcherGroupOptions;
  readonly fromRevision: string;
  readonly startTimeoutMs: number;
}

export type WatchWorkerCommand = { readonly drain: { readonly expectedPerWatcher: number; readonly deadlineUs: number } } | { readonly abort: true };

if (parentPort) {
  const port = parentPort;
  const data = workerData as WatchWorkerData;
  const driver = createDriver(data.spec, data.settings);
  const group = new WatcherGroup(driver, data.watchers, data.group);
  const abort = new AbortController();
  port.on("message", async (cmd: WatchWorkerCommand) => {
    if ("abort" in cmd) {
      abort.abort();
      return;
    }
    const complete = await group.drain(cmd.drain.expectedPerWatcher, cmd.drain.deadlineUs, abort.signal);
    await group.stop();
    const stats = group.stats(complete);
    await driver.close();
    port.postMessage({ stats });
    port.close();
  });
  group.start(data.fromRevision, data.startTimeoutMs).then(
    () => port.postMessage({ started: true }),
    (err: unknown) => port.postMessage({ failed: String(err) }),
  );
}
