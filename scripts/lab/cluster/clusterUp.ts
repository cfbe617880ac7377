import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InputError } from "../../../infra/names/inputError";
import { startApiServer } from "../apiServerProcess";
import { startControlPlaneComponents } from "../controlPlaneComponents";
import { componentSets, requireBinary, type LabBinaryName, type ResolvedBinary } from "../labBinaries";
import { makeHcpPki } from "../labCertificates";
import { labDown, type LabDownReport } from "../labDown";
import { adminKubeconfig, writeSecretFile } from "../labKubeconfig";
import { isLabProcess, tailOf } from "../labProcesses";
import { PortPlan } from "../labPorts";
import { LabRun } from "../labRun";
import { readLabState } from "../labState";
import { startLabEtcd } from "../storage/etcdServer";
import { kwokNodes, poolShapes } from "./clusterNodes";
import { clusterApi, createClusterObjects, waitForClusterReady } from "./clusterObjects";
import { clusterStorageClass, defaultVolumeStock, hostPathVolumes, storageClassObject, type VolumeStock } from "./clusterVolumes";
import { startKwok } from "./kwokProcess";

/**
 * `lab cluster up`: a whole management cluster on loopback for the real
 * Pulumi engine to deploy the test-bed into: etcd, one kube-apiserver, its
 * controller manager and scheduler (the lab's `--components full` pieces),
 * and kwok with fake nodes carrying the AWS pools' labels, taints and
 * allocatable, plus static volumes of one StorageClass. Recorded in lab.json
 * like a lab, so `lab cluster down` / `lab down --dir` end it after a crash.
 */

export const clusterName = "hcpbench-local";
export const defaultClusterDir = path.join(os.tmpdir(), "hcpbench-cluster");
/** Below the lab's default 24000 (so a lab and the cluster can run side by side), below the ephemeral range. */
export const defaultClusterPortBase = 23000;
/** Folder of the lab that holds every process's files. */
const clusterFolder = "cluster";

export interface ClusterUpOptions {
  readonly dir: string;
  readonly portBase: number;
  /** Nodes in every pool; default: each pool's node count on AWS (cluster.pools' defaults). */
  readonly nodes?: number;
  readonly volumes?: readonly VolumeStock[];
  readonly signal?: AbortSignal;
  readonly log: (line: string) => void;
  /** Where binaries are looked up (HCPBENCH_BIN_DIR, PATH, the cache); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

/** What a caller needs to deploy into the cluster. */
export interface LocalCluster {
  readonly dir: string;
  readonly kubeconfig: string;
  readonly context: string;
  readonly storageClass: string;
  readonly apiUrl: string;
  readonly nodes: readonly string[];
  readonly secondsToReady: number;
}

/** The ports the cluster takes from its base, in order. */
function planPorts(base: number) {
  const ports = new PortPlan(base);
  return {
    ports,
    etcd: { client: ports.take("etcd client"), peer: ports.take("etcd peer") },
    apiServer: ports.take("kube-apiserver"),
    components: { controllerManager: ports.take("kube-controller-manager"), scheduler: ports.take("kube-scheduler") },
    kwok: ports.take("kwok"),
  };
}

/** Bad input found before anything starts: the node count, the folder (a cluster still up, or files of something else). */
async function checkDir(dir: string, log: (line: string) => void): Promise<void> {
  const existing = readLabState(dir);
  if (existing?.processes.some(isLabProcess)) {
    const down = existing.cluster ? "lab cluster down" : "lab down";
    throw new InputError(`--dir: a ${existing.cluster ? "cluster" : "lab"} from an earlier run is still up in ${dir}: run npx hcpbench ${down} --dir ${dir} first`);
  }
  if (existing) {
    log(`${dir}: removing what an earlier run left (no process of it runs)`);
    await labDown(dir, () => undefined);
  } else if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new InputError(`--dir: ${dir} holds files that are not a lab's (no lab.json): pick a new or empty folder`);
  }
}

export async function clusterUp(o: ClusterUpOptions): Promise<LocalCluster> {
  if (o.nodes !== undefined && (!Number.isInteger(o.nodes) || o.nodes < 1 || o.nodes > 50)) throw new InputError(`--nodes: must be a whole number from 1 to 50 (got ${o.nodes})`);
  const bins: Partial<Record<LabBinaryName, ResolvedBinary>> = {};
  for (const n of componentSets.cluster) bins[n] = requireBinary(n, o.env, "cluster");
  const dir = path.resolve(o.dir);
  await checkDir(dir, o.log);
  const plan = planPorts(o.portBase);
  await plan.ports.checkFree();

  const nodes = kwokNodes(poolShapes(o.nodes));
  const nodeNames = nodes.map((n) => n.metadata!.name!);
  fs.mkdirSync(dir, { recursive: true, mode: 0o711 });
  fs.chmodSync(dir, 0o711);
  const run = new LabRun(dir, plan.ports, bins, o.log, o.signal);
  run.save();
  const t0 = Date.now();
  try {
    const etcd = await startLabEtcd(run, clusterFolder, plan.etcd);
    o.log(`etcd up at ${etcd.endpoint}`);
    const pki = makeHcpPki(path.join(run.folder(clusterFolder, clusterName), "pki"), clusterName);
    const api = await startApiServer(run, { backend: clusterFolder, hcp: clusterName, port: plan.apiServer, etcdServers: etcd.endpoint, etcdPrefix: "/registry", pki });
    o.log(`kube-apiserver up at ${api.apiUrl}`);
    const kubeconfig = path.join(dir, "kubeconfig");
    // Recorded before the file is written, so `lab down` removes it even if this run dies now.
    run.setCluster({ name: clusterName, context: clusterName, kubeconfig, apiUrl: api.apiUrl, storageClass: clusterStorageClass, nodes: nodeNames });
    writeSecretFile(kubeconfig, adminKubeconfig(clusterName, api.apiUrl, pki));
    await startControlPlaneComponents(run, { backend: clusterFolder, hcp: clusterName, apiUrl: api.apiUrl, pki, ports: plan.components });
    o.log(`kube-controller-manager and kube-scheduler up`);
    await startKwok(run, { folder: path.join(clusterFolder, clusterName), kubeconfig, port: plan.kwok });
    o.log(`kwok up`);
    const k8s = clusterApi(kubeconfig);
    const volumes = hostPathVolumes(path.join(dir, clusterFolder, "volumes"), o.volumes ?? defaultVolumeStock);
    await createClusterObjects(k8s, { storageClass: storageClassObject(), volumes, nodes });
    o.log(`${nodes.length} nodes, ${volumes.length} volumes of class ${clusterStorageClass} created`);
    await waitForClusterReady(k8s, {
      nodes: nodeNames,
      timeoutMs: 180_000,
      signal: o.signal,
      alive: () => {
        const dead = run.state.processes.find((p) => !isLabProcess(p));
        if (dead) throw new Error(`${dead.role} exited; the end of ${dead.log}:\n${tailOf(dead.log)}`);
      },
      progress: (ready, total) => o.log(`${ready}/${total} nodes Ready`),
    });
    const secondsToReady = (Date.now() - t0) / 1000;
    run.setCluster({ ...run.state.cluster!, secondsToReady });
    run.markUp();
    return { dir, kubeconfig, context: clusterName, storageClass: clusterStorageClass, apiUrl: api.apiUrl, nodes: nodeNames, secondsToReady };
  } catch (err) {
    o.log(`cluster up failed or was interrupted: stopping what it started`);
    await labDown(dir, () => undefined);
    throw err;
  }
}

/** The cluster recorded in `dir`, if one is up there. */
export function readCluster(dir: string): LocalCluster | undefined {
  const state = readLabState(path.resolve(dir));
  const c = state?.cluster;
  if (!state || !c || state.status !== "up" || !state.processes.every(isLabProcess)) return undefined;
  return { dir: state.dir, kubeconfig: c.kubeconfig, context: c.context, storageClass: c.storageClass, apiUrl: c.apiUrl, nodes: c.nodes, secondsToReady: c.secondsToReady ?? 0 };
}

/** Stops every process of the cluster and removes its folder (the lab's `down`, from lab.json alone). */
export function clusterDown(dir: string, log: (line: string) => void = () => undefined): Promise<LabDownReport> {
  return labDown(dir, log);
}
