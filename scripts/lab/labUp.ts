import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InputError } from "../../infra/names/inputError";
import { hcpNames } from "../../workloads/fleet/hcpNames";
import { startApiServer } from "./apiServerProcess";
import { startControlPlaneComponents } from "./controlPlaneComponents";
import { labBackendByName, labBackendNames } from "./backends/labBackendRegistry";
import type { LabBackend, PlannedBackend } from "./backends/labBackend";
import { requireBinary, type LabBinaryName, type ResolvedBinary } from "./labBinaries";
import { makeHcpPki } from "./labCertificates";
import { labDown } from "./labDown";
import { adminKubeconfig, writeSecretFile } from "./labKubeconfig";
import { isLabProcess } from "./labProcesses";
import { PortPlan } from "./labPorts";
import { LabRun, type LabExtraFlags } from "./labRun";
import { readLabState, type LabState } from "./labState";

export const defaultLabDir = path.join(os.tmpdir(), "hcpbench-lab");
/** Below Linux's ephemeral ports (32768 and up), which any outgoing connection may take. */
export const defaultPortBase = 24000;

export const labComponentNames = ["lab", "full"] as const;
export type LabComponents = (typeof labComponentNames)[number];

export interface LabUpOptions {
  readonly backends: readonly string[];
  readonly hcps: number;
  readonly dir: string;
  readonly portBase: number;
  /** HCPs started at once per backend. */
  readonly parallel: number;
  readonly postgresAdminUrl?: string;
  readonly mysqlAdminUrl?: string;
  /** full: kube-controller-manager and kube-scheduler beside each API server. */
  readonly components?: LabComponents;
  readonly signal?: AbortSignal;
  readonly log: (line: string) => void;
  /** For tests that need a server set up apart, e.g. without a watch cache or with a short compaction interval. */
  readonly extraFlags?: LabExtraFlags;
}

/** Bad input found before anything starts. */
function checkOptions(o: LabUpOptions): LabBackend[] {
  if (o.backends.length === 0) throw new InputError(`lab up: name at least one backend: ${labBackendNames.join(", ")}`);
  const unknown = o.backends.filter((b) => !labBackendByName(b));
  if (unknown.length > 0) throw new InputError(`backend ${unknown.map((u) => `"${u}"`).join(", ")}: must be one of ${labBackendNames.join(", ")}`);
  if (new Set(o.backends).size !== o.backends.length) throw new InputError(`backends: each backend once (got ${o.backends.join(" ")})`);
  if (!Number.isInteger(o.hcps) || o.hcps < 1) throw new InputError(`--hcps: must be a whole number 1 or more (got ${o.hcps})`);
  const existing = readLabState(o.dir);
  if (existing && existing.processes.some(isLabProcess)) throw new InputError(`--dir: a lab is already up in ${o.dir}: run npx hcpbench lab down --dir ${o.dir} first`);
  return o.backends.map((b) => labBackendByName(b)!);
}

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(size, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined && errors.length === 0; item = queue.shift()) {
        try {
          await work(item);
        } catch (err) {
          errors.push(err);
        }
      }
    }),
  );
  if (errors.length > 0) throw errors[0];
}

/**
 * Starts N control planes per backend and returns once each answers /readyz.
 * Everything is checked first (backends, binaries, ports, database logins);
 * if anything fails or the signal fires afterwards, what was started is
 * stopped and the lab folder removed before the error is rethrown.
 */
export async function labUp(o: LabUpOptions): Promise<LabState> {
  const backends = checkOptions(o);
  const full = o.components === "full";
  const names: LabBinaryName[] = ["kube-apiserver", ...(full ? (["kube-controller-manager", "kube-scheduler"] as const) : []), ...new Set(backends.flatMap((b) => b.binaries))];
  const bins: Partial<Record<LabBinaryName, ResolvedBinary>> = {};
  for (const n of names) bins[n] = requireBinary(n);
  const dir = path.resolve(o.dir);
  const hcps = hcpNames(o.hcps);
  const ports = new PortPlan(o.portBase);
  const planned: { backend: LabBackend; plan: PlannedBackend; apiPorts: Map<string, number>; componentPorts: Map<string, { controllerManager: number; scheduler: number }> }[] = [];
  for (const backend of backends) {
    const apiPorts = new Map(hcps.map((h) => [h, ports.take(`kube-apiserver of ${backend.name}/${h}`)]));
    const componentPorts = new Map(
      full ? hcps.map((h) => [h, { controllerManager: ports.take(`kube-controller-manager of ${backend.name}/${h}`), scheduler: ports.take(`kube-scheduler of ${backend.name}/${h}`) }]) : [],
    );
    const plan = await backend.plan(ports, hcps, { dir, postgresAdminUrl: o.postgresAdminUrl, mysqlAdminUrl: o.mysqlAdminUrl, kineBinary: bins.kine?.path });
    planned.push({ backend, plan, apiPorts, componentPorts });
  }
  await ports.checkFree();

  fs.mkdirSync(dir, { recursive: true, mode: 0o711 });
  fs.chmodSync(dir, 0o711);
  const run = new LabRun(dir, ports, bins, o.log, o.signal, o.extraFlags);
  run.save();
  try {
    for (const { backend, plan, apiPorts, componentPorts } of planned) {
      o.log(`${backend.name}: starting storage`);
      const started = await plan.start(run);
      await inBatches(hcps, o.parallel, async (hcp) => {
        const t0 = Date.now();
        const storage = await started.storageFor(run, hcp);
        const hcpDir = run.folder(backend.name, hcp);
        const pki = makeHcpPki(path.join(hcpDir, "pki"), hcp);
        const api = await startApiServer(run, { backend: backend.name, hcp, port: apiPorts.get(hcp)!, etcdServers: storage.etcdServers, etcdPrefix: storage.etcdPrefix, pki });
        const components = full ? await startControlPlaneComponents(run, { backend: backend.name, hcp, apiUrl: api.apiUrl, pki, ports: componentPorts.get(hcp)! }) : undefined;
        const readyAt = Date.now();
        const kubeconfig = path.join(dir, backend.name, `${hcp}.kubeconfig`);
        writeSecretFile(kubeconfig, adminKubeconfig(hcp, api.apiUrl, pki));
        run.addHcp({
          backend: backend.name,
          name: hcp,
          kubeconfig,
          apiUrl: api.apiUrl,
          pids: {
            apiserver: api.process.pid,
            ...(storage.kine ? { kine: storage.kine.pid } : {}),
            ...(components ? { controllerManager: components.controllerManager.pid, scheduler: components.scheduler.pid } : {}),
          },
          storage: storage.storage,
          startedAt: new Date(t0).toISOString(),
          readyAt: new Date(readyAt).toISOString(),
          secondsToReady: (readyAt - t0) / 1000,
        });
        o.log(`${backend.name}/${hcp}: ready in ${((readyAt - t0) / 1000).toFixed(1)} s at ${api.apiUrl}`);
      });
    }
    run.markUp();
    return run.state;
  } catch (err) {
    o.log(`lab up failed or was interrupted: stopping what it started`);
    await labDown(dir, () => undefined);
    throw err;
  }
}
