import * as fs from "node:fs";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { isLabProcess, launchDetached, processArgv, type LabProcess } from "../labProcesses";
import { readLabState, writeLabState } from "../labState";

/**
 * An outage of the local cluster's control plane: its kube-apiserver killed
 * as a crash would (SIGKILL, nothing flushed), then started again with the
 * same command line on the same etcd, so the cluster comes back with what it
 * held. lab.json is kept current, so `lab cluster down` ends the new process.
 */
export interface StoppedApiServer {
  readonly dir: string;
  readonly process: LabProcess;
  readonly args: readonly string[];
  readonly cwd: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function apiServerOf(dir: string): LabProcess {
  const state = readLabState(dir);
  const p = state?.processes.find((q) => q.role.startsWith("kube-apiserver "));
  if (!state?.cluster || !p) throw new Error(`${dir}: no local cluster with a kube-apiserver recorded`);
  return p;
}

export async function stopApiServer(dir: string): Promise<StoppedApiServer> {
  const p = apiServerOf(dir);
  const argv = processArgv(p.pid);
  if (!argv || !isLabProcess(p)) throw new Error(`${p.role} (pid ${p.pid}) is not running`);
  const cwd = fs.readlinkSync(`/proc/${p.pid}/cwd`);
  process.kill(p.pid, "SIGKILL");
  while (processArgv(p.pid)) await sleep(50);
  return { dir, process: p, args: argv.slice(1), cwd };
}

/** Starts it again and returns once the API answers a list of namespaces. */
export async function restartApiServer(s: StoppedApiServer, timeoutMs = 120_000): Promise<LabProcess> {
  const p = await launchDetached({ role: s.process.role, exe: s.process.exe, args: s.args, log: s.process.log, marker: s.process.marker, cwd: s.cwd });
  const state = readLabState(s.dir)!;
  writeLabState({ ...state, processes: state.processes.map((q) => (q.pid === s.process.pid && q.role === s.process.role ? p : q)) });
  const kc = new KubeConfig();
  kc.loadFromFile(state.cluster!.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await core.listNamespace().then(() => true, () => false)) return p;
    if (!isLabProcess(p)) throw new Error(`${p.role} exited on restart; see ${p.log}`);
    if (Date.now() > deadline) throw new Error(`${p.role}: no answer ${timeoutMs / 1000} s after restart`);
    await sleep(250);
  }
}
