import * as fs from "node:fs";
import { CoreV1Api, CustomObjectsApi } from "@kubernetes/client-node";
import { namespaces } from "../../infra/namespaces";
import { restartApiServer, stopApiServer } from "../lab/cluster/apiServerOutage";
import type { LocalCluster } from "../lab/cluster/clusterUp";
import { exportDeployment, hcpbench, prepareRun, round, tail } from "./e2eRun";
import { createPresentObjects, removeMetricsApiService } from "./presentComponents";
import { leftovers, stateObjects } from "./stackInventory";

/**
 * The second e2e: `hcpbench sweep local` loses its cluster halfway through
 * `up` (the kube-apiserver is killed once the fleet's first Cluster exists).
 * The sweep must fail, try its destroy, and report the stack it could not
 * destroy with the commands that remove it. With the API server back,
 * `hcpbench destroy local` must remove everything the state holds and the
 * stack's namespaces.
 */
export interface InterruptedLine {
  readonly scenario: "kube-apiserver killed mid-up";
  readonly backend: string;
  /** The sweep's exit code and the lines of its report on what remains. */
  readonly sweep: { readonly exit: number; readonly remains: string[] };
  /** Kubernetes objects in the state the interrupted up left. */
  readonly stateObjects: number;
  readonly destroy: "ok" | "failed" | "timed out";
  readonly seconds: { readonly outage: number; readonly sweep: number; readonly destroy: number };
  readonly leftovers: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function e2eInterrupted(
  cluster: LocalCluster,
  o: { hcps: number; work: string; bin: { dir: string; pulumi: string }; destroyTimeoutS: number; log: (l: string) => void },
): Promise<InterruptedLine> {
  const backend = "kine-postgres";
  const { env, pulumiEnv, log, kc, sets } = prepareRun(cluster, backend, "home-interrupted", "interrupted.log", o);
  await createPresentObjects(kc, "e2e-interrupted-login");
  const custom = kc.makeApiClient(CustomObjectsApi);
  o.log(`interrupted: hcpbench sweep local (${backend}, ${o.hcps} HCPs); log ${log}`);
  const sweep = hcpbench(["sweep", "local", "--sweep-id", "e2e-interrupted", "--out", `${o.work}/interrupted-results`, ...sets], env, log, 10 * 60_000);

  // Halfway: the platform is up and the fleet is being created.
  const clusters = () => custom.listNamespacedCustomObject({ group: "k0smotron.io", version: "v1beta2", namespace: namespaces.fleet, plural: "clusters" }).then((l) => (l as { items: unknown[] }).items.length, () => 0);
  const deadline = Date.now() + 180_000;
  while ((await clusters()) === 0) {
    if (Date.now() > deadline) throw new Error(`interrupted: no Cluster appeared in 180 s; the end of ${log}:\n${tail(log)}`);
    await sleep(100);
  }
  const stopped = await stopApiServer(cluster.dir);
  const outageStart = Date.now();
  o.log("interrupted: the first Cluster exists; kube-apiserver killed");
  const swept = await sweep;
  const text = fs.readFileSync(log, "utf8");
  const remains = text.split("\n").filter((l) => /could not be destroyed|retry: hcpbench destroy|by hand: |^\s+local: /.test(l)).map((l) => l.trim());
  o.log(`interrupted: sweep exited ${swept.code} after ${swept.seconds.toFixed(0)} s; restarting kube-apiserver`);
  await restartApiServer(stopped);
  const outage = (Date.now() - outageStart) / 1000;

  const objects = stateObjects(await exportDeployment(pulumiEnv, o.bin.pulumi, "local"));
  await removeMetricsApiService(kc);
  o.log(`interrupted: the state holds ${objects.length} objects; hcpbench destroy local`);
  const destroy = await hcpbench(["destroy", "local"], env, log, o.destroyTimeoutS * 1000);
  const left = await leftovers(kc, objects);
  const core = kc.makeApiClient(CoreV1Api);
  for (const ns of [namespaces.fleet, namespaces.bench]) {
    const live = await core.readNamespace({ name: ns }).catch(() => undefined);
    if (live && !left.some((l) => l.startsWith(`Namespace ${ns}`))) left.push(`Namespace ${ns}${live.metadata?.deletionTimestamp ? " (Terminating)" : ""} (not in the state)`);
  }
  if (destroy.code !== 0) o.log(`interrupted: destroy ${destroy.timedOut ? "timed out" : `failed (exit ${destroy.code})`}; the end of its log:\n${tail(log)}`);
  return {
    scenario: "kube-apiserver killed mid-up",
    backend,
    sweep: { exit: swept.code, remains },
    stateObjects: objects.length,
    destroy: destroy.timedOut ? "timed out" : destroy.code === 0 ? "ok" : "failed",
    seconds: { outage: round(outage), sweep: round(swept.seconds), destroy: round(destroy.seconds) },
    leftovers: left,
  };
}

/** Passed: the sweep failed and named the stack it left, and the later destroy removed everything. */
export function interruptedOk(l: InterruptedLine): boolean {
  return l.sweep.exit !== 0 && l.sweep.remains.some((r) => r.includes("hcpbench destroy local")) && l.destroy === "ok" && l.leftovers.length === 0;
}
