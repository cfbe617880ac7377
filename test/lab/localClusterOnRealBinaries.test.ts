/**
 * `lab cluster up` / `down` with the real binaries (kube-apiserver, kube-controller-manager,
 * kube-scheduler 1.33, etcd 3.6, kwok 0.7; from `hcpbench lab install --components cluster`, a
 * missing one fails): workloads placed by pool land on the kwok nodes of their pool through the
 * real scheduler, a StatefulSet's claim is bound by the real PV controller, a Job is completed
 * by the real Job controller once kwok's default stage ends its pod, a tainted pool refuses a
 * pod without its toleration, kwok renews node Leases, the API server comes back from a kill with
 * what etcd holds, and `down` leaves no process and no folder.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { AppsV1Api, BatchV1Api, CoordinationV1Api, CoreV1Api, KubeConfig, type V1Pod, type V1PodSpec } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { restartApiServer, stopApiServer } from "../../scripts/lab/cluster/apiServerOutage";
import { clusterDown, clusterUp, readCluster, type LocalCluster } from "../../scripts/lab/cluster/clusterUp";
import { binaryPins, componentSets, findBinary } from "../../scripts/lab/labBinaries";
import { freePortRun } from "../../scripts/lab/labPorts";
import { isLabProcess, processArgv } from "../../scripts/lab/labProcesses";
import { readLabState, type LabState } from "../../scripts/lab/labState";

let dir: string;
let portBase: number;
let cluster: LocalCluster;
let state: LabState;
let core: CoreV1Api;
let apps: AppsV1Api;
let batch: BatchV1Api;
const ns = "placement";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`no ${what} after ${timeoutMs / 1000} s`);
    await sleep(300);
  }
}

const podReady = (p: V1Pod) => p.status?.phase === "Running" && (p.status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
const pause = { name: "main", image: "registry.k8s.io/pause:3.10" };

async function podsOf(selector: string): Promise<V1Pod[]> {
  return (await core.listNamespacedPod({ namespace: ns, labelSelector: selector })).items;
}

/** Every process whose working directory is in `root` (every lab process starts in a folder of its lab). */
function processesIn(root: string): number[] {
  return fs
    .readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e) && processArgv(Number(e)) !== undefined)
    .filter((e) => {
      try {
        const cwd = fs.readlinkSync(`/proc/${e}/cwd`);
        return cwd === root || cwd.startsWith(`${root}/`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-cluster-test-"));
  portBase = await freePortRun(6);
  cluster = await clusterUp({ dir, portBase, log: () => undefined });
  state = readLabState(dir)!;
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  batch = kc.makeApiClient(BatchV1Api);
  await core.createNamespace({ body: { metadata: { name: ns } } });
  await until("default service account in the test namespace", () => core.readNamespacedServiceAccount({ name: "default", namespace: ns }));
}, 300_000);

afterAll(async () => {
  if (dir && fs.existsSync(dir)) {
    await clusterDown(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

describe("lab cluster up", () => {
  it("writes an admin kubeconfig with context hcpbench-local and records the cluster in lab.json", () => {
    const kc = parse(fs.readFileSync(cluster.kubeconfig, "utf8"));
    expect(cluster.kubeconfig).toBe(path.join(dir, "kubeconfig"));
    expect(kc["current-context"]).toBe("hcpbench-local");
    expect(kc.clusters[0].cluster.server).toBe(`https://127.0.0.1:${portBase + 2}`);
    expect(fs.statSync(cluster.kubeconfig).mode & 0o777).toBe(0o600);
    expect(state.status).toBe("up");
    expect(state.processes.map((p) => p.role.split(" ")[0]).sort()).toEqual(["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"]);
    expect(readCluster(dir)).toMatchObject({ kubeconfig: cluster.kubeconfig, context: "hcpbench-local", storageClass: "hcpbench-lab" });
  });

  it("has every pool's nodes Ready, labelled and tainted as on AWS", async () => {
    const nodes = (await core.listNode()).items;
    const view = nodes.map((n) => [n.metadata!.name, n.metadata!.labels!["hcpbench.io/pool"], (n.spec!.taints ?? []).filter((t) => t.key === "hcpbench.io/pool").map((t) => `${t.value}:${t.effect}`).join()]);
    expect(view.sort()).toEqual([
      ["kwok-control-1", "control", "control:NoSchedule"],
      ["kwok-db-mysql-1", "db-mysql", "db-mysql:NoSchedule"],
      ["kwok-db-postgres-1", "db-postgres", "db-postgres:NoSchedule"],
      ["kwok-hcp-1", "hcp", ""],
      ["kwok-hcp-2", "hcp", ""],
      ["kwok-hcp-3", "hcp", ""],
    ]);
    for (const n of nodes) expect(n.status!.conditions!.find((c) => c.type === "Ready")?.status, n.metadata!.name).toBe("True");
  });

  it("runs a Deployment pinned to the hcp pool on an hcp node, Running and Ready", async () => {
    const spec: V1PodSpec = { nodeSelector: { "hcpbench.io/pool": "hcp" }, containers: [pause] };
    await apps.createNamespacedDeployment({
      namespace: ns,
      body: { metadata: { name: "on-hcp" }, spec: { replicas: 2, selector: { matchLabels: { app: "on-hcp" } }, template: { metadata: { labels: { app: "on-hcp" } }, spec } } },
    });
    const pods = await until("2 Ready pods of on-hcp", async () => {
      const ps = await podsOf("app=on-hcp");
      return ps.length === 2 && ps.every(podReady) ? ps : undefined;
    });
    for (const p of pods) expect(p.spec!.nodeName).toMatch(/^kwok-hcp-[123]$/);
  }, 90_000);

  it("binds a StatefulSet's claim of class hcpbench-lab to a static volume and runs its pod on the tolerated db-postgres node", async () => {
    await apps.createNamespacedStatefulSet({
      namespace: ns,
      body: {
        metadata: { name: "pg" },
        spec: {
          serviceName: "pg",
          replicas: 1,
          selector: { matchLabels: { app: "pg" } },
          template: {
            metadata: { labels: { app: "pg" } },
            spec: {
              nodeSelector: { "hcpbench.io/pool": "db-postgres" },
              tolerations: [{ key: "hcpbench.io/pool", operator: "Equal", value: "db-postgres", effect: "NoSchedule" }],
              containers: [{ ...pause, volumeMounts: [{ name: "data", mountPath: "/data" }] }],
            },
          },
          volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { storageClassName: "hcpbench-lab", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "3Gi" } } } }],
        },
      },
    });
    const pod = await until("a Ready pod pg-0", async () => {
      const p = await core.readNamespacedPod({ name: "pg-0", namespace: ns });
      return podReady(p) ? p : undefined;
    });
    expect(pod.spec!.nodeName).toBe("kwok-db-postgres-1");
    // The PV controller writes the claim's phase after binding its volume, so the pod may be Ready a moment before.
    const pvc = await until("claim data-pg-0 Bound", async () => {
      const c = await core.readNamespacedPersistentVolumeClaim({ name: "data-pg-0", namespace: ns });
      return c.status?.phase === "Bound" ? c : undefined;
    });
    // The smallest volume that fits 3Gi: one of the 5Gi ones.
    expect(pvc.spec!.volumeName).toMatch(/^hcpbench-lab-5gi-\d\d$/);
    const pv = await core.readPersistentVolume({ name: pvc.spec!.volumeName! });
    expect(pv.status!.phase).toBe("Bound");
    expect(pv.spec!.hostPath!.path.startsWith(`${dir}/`)).toBe(true);
  }, 90_000);

  it("completes a Job", async () => {
    await batch.createNamespacedJob({
      namespace: ns,
      body: { metadata: { name: "once" }, spec: { backoffLimit: 0, template: { spec: { restartPolicy: "Never", containers: [pause] } } } },
    });
    const job = await until("a Complete Job", async () => {
      const j = await batch.readNamespacedJob({ name: "once", namespace: ns });
      return (j.status?.conditions ?? []).some((c) => c.type === "Complete" && c.status === "True") ? j : undefined;
    });
    expect(job.status!.succeeded).toBe(1);
  }, 90_000);

  it("keeps a pod that asks for db-mysql without its toleration Pending, unschedulable for the taint", async () => {
    await core.createNamespacedPod({ namespace: ns, body: { metadata: { name: "no-toleration" }, spec: { nodeSelector: { "hcpbench.io/pool": "db-mysql" }, containers: [pause] } } });
    const scheduled = await until("the scheduler's verdict", async () => {
      const p = await core.readNamespacedPod({ name: "no-toleration", namespace: ns });
      return p.status?.conditions?.find((c) => c.type === "PodScheduled");
    });
    expect(scheduled.status).toBe("False");
    expect(scheduled.reason).toBe("Unschedulable");
    expect(scheduled.message).toContain("untolerated taint {hcpbench.io/pool: db-mysql}");
    const p = await core.readNamespacedPod({ name: "no-toleration", namespace: ns });
    expect(p.status!.phase).toBe("Pending");
    expect(p.spec!.nodeName).toBeUndefined();
  }, 90_000);
});

describe("lab cluster: the control plane over time", () => {
  it("has kwok renew a node Lease for every node, as kubelets do (else the node monitor marks every pod NotReady after its grace period)", async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const leases = await until("a Lease per node", async () => {
      const ls = (await kc.makeApiClient(CoordinationV1Api).listNamespacedLease({ namespace: "kube-node-lease" })).items;
      return ls.length === 6 ? ls : undefined;
    });
    expect(leases.map((l) => l.metadata!.name).sort()).toEqual(["kwok-control-1", "kwok-db-mysql-1", "kwok-db-postgres-1", "kwok-hcp-1", "kwok-hcp-2", "kwok-hcp-3"]);
    for (const l of leases) expect(l.spec!.leaseDurationSeconds).toBe(40);
  }, 60_000);

  it("survives its kube-apiserver killed and started again on the same etcd: objects kept, lab.json tracks the new process", async () => {
    const before = readLabState(dir)!.processes.find((p) => p.role.startsWith("kube-apiserver "))!;
    const stopped = await stopApiServer(dir);
    expect(isLabProcess(before)).toBe(false);
    await expect(core.readNamespace({ name: ns })).rejects.toThrow();
    const started = await restartApiServer(stopped);
    expect(started.pid).not.toBe(before.pid);
    expect(readLabState(dir)!.processes.find((p) => p.role === before.role)).toMatchObject({ pid: started.pid, exe: before.exe });
    expect(isLabProcess(started)).toBe(true);
    expect((await core.readNamespace({ name: ns })).metadata!.name).toBe(ns);
    expect((await apps.readNamespacedDeployment({ name: "on-hcp", namespace: ns })).status!.readyReplicas).toBe(2);
  }, 120_000);
});

describe("lab cluster up: bad input, exit 2 before anything starts", () => {
  it("refuses a folder whose cluster is still up, naming it and the down command", async () => {
    await expect(clusterUp({ dir, portBase, log: () => undefined })).rejects.toThrow(
      `--dir: a cluster from an earlier run is still up in ${dir}: run npx hcpbench lab cluster down --dir ${dir} first`,
    );
    // Read again: the outage test above restarted the API server under a new pid.
    expect(readLabState(dir)!.processes.every(isLabProcess)).toBe(true);
  });

  it("refuses a taken port, naming it and its use", async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-cluster-test-"));
    try {
      // The running cluster's etcd holds portBase.
      await expect(clusterUp({ dir: other, portBase, log: () => undefined })).rejects.toThrow(
        `--port-base: port ${portBase} on 127.0.0.1 (etcd client) is taken: free it or pick another --port-base`,
      );
      const free = await freePortRun(6);
      const blocker = net.createServer();
      await new Promise<void>((r) => blocker.listen(free + 5, "127.0.0.1", () => r()));
      try {
        await expect(clusterUp({ dir: other, portBase: free, log: () => undefined })).rejects.toThrow(`--port-base: port ${free + 5} on 127.0.0.1 (kwok) is taken`);
      } finally {
        blocker.close();
      }
      expect(fs.readdirSync(other)).toEqual([]);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it("refuses a missing binary, naming it and the install command", async () => {
    const bins = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-cluster-bins-"));
    try {
      // Every binary of the set but kwok, as they resolve here; no cache and no PATH to fall back on.
      for (const name of componentSets.cluster.filter((n) => n !== "kwok")) fs.symlinkSync(findBinary(name)!.path, path.join(bins, name));
      const env = { HCPBENCH_BIN_DIR: bins, XDG_CACHE_HOME: bins, PATH: "" };
      const other = path.join(bins, "cluster");
      await expect(clusterUp({ dir: other, portBase: await freePortRun(6), log: () => undefined, env })).rejects.toThrow(
        `kwok ${binaryPins.kwok.version}: not found (HCPBENCH_BIN_DIR, PATH, ${path.join(bins, "hcpbench", "bin")}): run npx hcpbench lab install --components cluster`,
      );
      expect(fs.existsSync(other)).toBe(false);
    } finally {
      fs.rmSync(bins, { recursive: true, force: true });
    }
  });
});

describe("lab cluster down", () => {
  it("stops every process and removes the folder", async () => {
    const running = readLabState(dir)!.processes;
    const report = await clusterDown(dir);
    expect([...report.stopped].sort()).toEqual(running.map((p) => p.role).sort());
    for (const p of running) expect(isLabProcess(p), p.role).toBe(false);
    expect(processesIn(dir)).toEqual([]);
    expect(fs.existsSync(dir)).toBe(false);
  }, 60_000);
});

describe("lab cluster down after `lab cluster up` was killed", () => {
  it("ends what the dead run started, from lab.json alone, and removes the folder", async () => {
    const crashed = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-cluster-crash-"));
    const bin = path.resolve(__dirname, "../../bin/hcpbench.js");
    const child = spawn(process.execPath, [bin, "lab", "cluster", "up", "--dir", crashed, "--port-base", String(await freePortRun(6))], { stdio: "ignore" });
    try {
      // Killed (no chance to clean up) once the API server is recorded, while the rest is starting.
      const recorded = await until("kube-apiserver in lab.json", async () => {
        const st = readLabState(crashed);
        return st?.processes.some((p) => p.role.startsWith("kube-apiserver")) ? st : undefined;
      }, 120_000);
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      expect(recorded.processes.filter(isLabProcess).length).toBeGreaterThanOrEqual(2);
      await clusterDown(crashed);
      expect(processesIn(crashed)).toEqual([]);
      expect(fs.existsSync(crashed)).toBe(false);
    } finally {
      child.kill("SIGKILL");
      if (fs.existsSync(crashed)) {
        await clusterDown(crashed);
        fs.rmSync(crashed, { recursive: true, force: true });
      }
    }
  }, 180_000);
});
