/**
 * npm run e2e:local — `hcpbench up local` and `hcpbench destroy local` through
 * the real Pulumi engine (CLI built by `lab install --components engine`),
 * the real kubernetes provider, against a real local cluster (`lab cluster
 * up`: etcd, kube-apiserver, controller-manager, scheduler, kwok nodes with the
 * pools' labels and taints). Helm charts cannot be fetched here, so the
 * chart-installed components are adopted as already present (their upstream
 * CRDs applied first); everything else is created for real: namespaces,
 * Secrets, the database StatefulSets and per-HCP init Jobs, the fleet's
 * Clusters or TenantControlPlanes, the bench objects.
 *
 * One JSON line per backend on stdout:
 *   {backend, pulumi, kubernetes, up, objects, hcps, destroy, seconds, leftovers}
 * then one for the second e2e (e2eInterrupted.ts: the API server killed mid-up).
 * Exit 0 when every backend's up and destroy succeeded with no leftovers and the
 * interrupted sweep was reported and then destroyed cleanly; 1 otherwise;
 * 2 (one line) on bad input: a missing binary, a taken port, a stale cluster.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import { KubeConfig } from "@kubernetes/client-node";
import { namespaces } from "../../infra/namespaces";
import { backendDescriptor } from "../../infra/names/backends";
import { listOf, positiveInt } from "../cliArgs";
import { reportCommandError } from "../commandErrors";
import { binaryPins, requireBinary } from "../lab/labBinaries";
import { engineBinDir } from "./engineBin";
import { checkClusters, checkTenantControlPlanes, type HcpCheck } from "./hcpChecks";
import { describeObject, leftovers, missingObjects, stateObjects, type StateObject } from "./stackInventory";
import { installCrds } from "./upstreamCrds";
import { startKamajiFinalizerStandIn } from "./kamajiFinalizerStandIn";
import { startReadinessStandIn } from "./readinessStandIn";
import { clusterDown, clusterUp, type LocalCluster } from "../lab/cluster/clusterUp";
import { e2eInterrupted, interruptedOk } from "./e2eInterrupted";
import { exportDeployment, hcpbench, prepareRun, round, tail } from "./e2eRun";
import { createPresentObjects, presentComponentSettings, presentCrdComponents, removeMetricsApiService } from "./presentComponents";

const e2eBackends = ["kine-postgres", "kamaji-postgres"] as const;

export interface E2eLine {
  readonly backend: string;
  readonly pulumi: string;
  readonly kubernetes: string;
  readonly up: "ok" | "failed";
  readonly objects: number;
  readonly missing: string[];
  readonly hcps: number;
  readonly hcpProblems: string[];
  readonly destroy: "ok" | "failed" | "timed out";
  /** Kamaji backends: what the labelled finalizer stand-in did (kamajiFinalizerStandIn.ts). */
  readonly finalizerStandIn?: { readonly finalized: number; readonly blocked: readonly string[] };
  /**
   * --await-ready: HCPs created with `fleet.awaitReady=true`, made Ready by the labelled readiness
   * stand-in after `delayS`; `upEndedAfterLastReadyS` >= 0 shows the provider's waitFor held the up.
   */
  readonly awaitedReady?: { readonly delayS: number; readonly ready: number; readonly upEndedAfterLastReadyS: number };
  readonly seconds: { readonly up: number; readonly destroy: number; readonly total: number };
  readonly leftovers: string[];
}

export async function e2eBackend(cluster: LocalCluster, backend: string, o: { hcps: number; work: string; bin: { dir: string; pulumi: string }; destroyTimeoutS: number; awaitReadyDelayS?: number; log: (l: string) => void }): Promise<E2eLine> {
  const { env, pulumiEnv, log, kc, sets } = prepareRun(cluster, backend, `home-${backend}`, `${backend}.log`, { ...o, awaitReady: o.awaitReadyDelayS !== undefined });
  const present = await createPresentObjects(kc, randomBytes(18).toString("base64url"));
  o.log(`${backend}: present components' objects: ${present.join(", ")}`);
  const kamaji = backendDescriptor(backend as never).operator === "kamaji";
  const standIn = kamaji ? startKamajiFinalizerStandIn(kc, namespaces.fleet) : undefined;
  const readiness = o.awaitReadyDelayS !== undefined ? startReadinessStandIn(kc, namespaces.fleet, kamaji ? "tenantcontrolplanes" : "clusters", o.awaitReadyDelayS * 1000) : undefined;
  const t0 = Date.now();
  o.log(`${backend}: hcpbench up local (${o.hcps} HCPs); log ${log}`);
  const up = await hcpbench(["up", "local", ...sets], env, log);
  const upEnded = Date.now();
  await readiness?.stop();
  const awaitedReady = readiness
    ? { delayS: o.awaitReadyDelayS!, ready: readiness.readyAt.size, upEndedAfterLastReadyS: round((upEnded - Math.max(0, ...readiness.readyAt.values())) / 1000) }
    : undefined;
  let objects: StateObject[] = [];
  let missing: string[] = [];
  let hcp: HcpCheck = { kind: "Cluster", count: 0, problems: [] };
  if (up.code === 0) {
    objects = stateObjects(await exportDeployment(pulumiEnv, o.bin.pulumi, "local"));
    missing = (await missingObjects(kc, objects)).map(describeObject);
    hcp = kamaji ? await checkTenantControlPlanes(kc, namespaces.fleet) : await checkClusters(kc, namespaces.fleet);
    o.log(`${backend}: up in ${up.seconds.toFixed(0)} s: ${objects.length} objects, ${missing.length} missing, ${hcp.count} ${hcp.kind}s`);
  } else {
    o.log(`${backend}: up failed (exit ${up.code}); the end of its log:\n${tail(log)}`);
  }
  await removeMetricsApiService(kc);
  o.log(`${backend}: hcpbench destroy local`);
  const destroy = await hcpbench(["destroy", "local"], env, log, o.destroyTimeoutS * 1000);
  if (destroy.timedOut) o.log(`${backend}: destroy did not finish in ${o.destroyTimeoutS} s; killed`);
  else if (destroy.code !== 0) o.log(`${backend}: destroy failed (exit ${destroy.code}); the end of its log:\n${tail(log)}`);
  const left = await leftovers(kc, objects);
  await standIn?.stop();
  if (standIn && standIn.blocked.length > 0) o.log(`${backend}: the finalizer stand-in could not finalize: ${standIn.blocked.join("; ")}`);
  return {
    backend,
    pulumi: binaryPins.pulumi.version,
    kubernetes: binaryPins["kube-apiserver"].version,
    up: up.code === 0 ? "ok" : "failed",
    objects: objects.length,
    missing,
    hcps: hcp.count,
    hcpProblems: hcp.problems,
    destroy: destroy.timedOut ? "timed out" : destroy.code === 0 ? "ok" : "failed",
    ...(standIn ? { finalizerStandIn: { finalized: standIn.finalized.length, blocked: standIn.blocked } } : {}),
    ...(awaitedReady ? { awaitedReady } : {}),
    seconds: { up: round(up.seconds), destroy: round(destroy.seconds), total: round((Date.now() - t0) / 1000) },
    leftovers: left,
  };
}

export function lineOk(l: E2eLine, hcps: number): boolean {
  const standInDone = !l.finalizerStandIn || (l.finalizerStandIn.finalized === hcps && l.finalizerStandIn.blocked.length === 0);
  const awaited = !l.awaitedReady || (l.awaitedReady.ready === hcps && l.awaitedReady.upEndedAfterLastReadyS >= 0);
  return l.up === "ok" && l.destroy === "ok" && l.missing.length === 0 && l.hcps === hcps && l.hcpProblems.length === 0 && l.leftovers.length === 0 && standInDone && awaited;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command("e2e:local")
    .exitOverride()
    .option("--backends <list>", `comma-separated: ${e2eBackends.join(", ")}`, listOf("--backends", e2eBackends), [...e2eBackends])
    .option("--hcps <n>", "HCPs per backend", positiveInt("--hcps", { max: 20 }), 3)
    .option("--dir <dir>", "work folder (cluster, Pulumi state, logs)", path.join(os.tmpdir(), "hcpbench-e2e"))
    .option("--port-base <port>", "first loopback port of the cluster", positiveInt("--port-base", { min: 1024, max: 65000 }), 25000)
    .option("--destroy-timeout <s>", "the bound on each destroy, in seconds", positiveInt("--destroy-timeout", { min: 10, max: 3600 }), 180)
    .option("--await-ready <s>", "create the HCPs with fleet.awaitReady=true; a labelled stand-in marks each Ready this many seconds after it appears", positiveInt("--await-ready", { min: 1, max: 600 }))
    .option("--no-interrupted", "skip the second e2e (the kube-apiserver killed halfway through a sweep's up)")
    .option("--keep", "leave the cluster up afterwards");
  program.parse(argv);
  const flags = program.opts<{ backends: string[]; hcps: number; dir: string; portBase: number; destroyTimeout: number; awaitReady?: number; interrupted: boolean; keep?: boolean }>();
  const log = (line: string) => process.stderr.write(`e2e:local: ${line}\n`);
  for (const name of ["pulumi", "pulumi-resource-kubernetes"] as const) requireBinary(name);
  const work = path.resolve(flags.dir);
  const started = Date.now();
  const cluster = await clusterUp({ dir: path.join(work, "cluster"), portBase: flags.portBase, log });
  let ok = true;
  try {
    fs.mkdirSync(work, { recursive: true });
    const bin = engineBinDir(path.join(work, "bin"));
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const crds = await installCrds(kc, presentCrdComponents);
    log(`already present: ${crds.length} upstream CRDs applied (${presentCrdComponents.join(", ")})`);
    for (const backend of flags.backends) {
      const line = await e2eBackend(cluster, backend, { hcps: flags.hcps, work, bin, destroyTimeoutS: flags.destroyTimeout, ...(flags.awaitReady !== undefined ? { awaitReadyDelayS: flags.awaitReady } : {}), log });
      process.stdout.write(`${JSON.stringify(line)}\n`);
      ok &&= lineOk(line, flags.hcps);
    }
    if (flags.interrupted) {
      const line = await e2eInterrupted(cluster, { hcps: flags.hcps, work, bin, destroyTimeoutS: flags.destroyTimeout, log });
      process.stdout.write(`${JSON.stringify(line)}\n`);
      ok &&= interruptedOk(line);
    }
  } finally {
    if (!flags.keep) await clusterDown(cluster.dir, log);
  }
  log(`${ok ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return ok ? 0 : 1;
}

if (path.basename(process.argv[1] ?? "") === "e2eLocal.ts") {
  main(process.argv).then(
    (code) => process.exit(code),
    (err: unknown) => process.exit(reportCommandError(err, "e2e:local", { stack: true })),
  );
}
