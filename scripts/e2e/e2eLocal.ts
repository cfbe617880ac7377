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
 * Exit 0 when every backend's up and destroy succeeded with no leftovers; 1 otherwise;
 * 2 (one line) on bad input: a missing binary, a taken port, a stale cluster.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import { KubeConfig } from "@kubernetes/client-node";
import { InputError, isInputError } from "../../infra/names/inputError";
import { namespaces } from "../../infra/namespaces";
import { backendDescriptor } from "../../infra/names/backends";
import { listOf, positiveInt } from "../cliArgs";
import { binaryPins, requireBinary } from "../lab/labBinaries";
import { engineBinDir } from "./engineBin";
import { checkClusters, checkTenantControlPlanes, type HcpCheck } from "./hcpChecks";
import { describeObject, leftovers, missingObjects, stateObjects, type StateObject } from "./stackInventory";
import { installCrds } from "./upstreamCrds";
import { startKamajiFinalizerStandIn } from "./kamajiFinalizerStandIn";
import { clusterDown, clusterUp, type LocalCluster } from "../lab/cluster/clusterUp";
import { hcpbenchHome } from "../automation/hcpbenchHome";
import { createPresentObjects, presentComponentSettings, presentCrdComponents, removeMetricsApiService } from "./presentComponents";

const repo = path.resolve(__dirname, "..", "..");
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
  readonly seconds: { readonly up: number; readonly destroy: number; readonly total: number };
  readonly leftovers: string[];
}

interface CliRun {
  readonly code: number;
  readonly seconds: number;
  readonly log: string;
  readonly timedOut: boolean;
}

/**
 * The hcpbench CLI as a user runs it, in its own process group, with the e2e's PATH, home and
 * kubeconfig; past `timeoutMs` the whole group (hcpbench, pulumi, its plugins) is killed.
 */
function hcpbench(args: string[], env: NodeJS.ProcessEnv, log: string, timeoutMs = 15 * 60_000): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const out = fs.openSync(log, "a");
    fs.writeSync(out, `\n$ hcpbench ${args.join(" ")}\n`);
    const child = spawn(process.execPath, [path.join(repo, "bin", "hcpbench.js"), ...args], { cwd: repo, env, stdio: ["ignore", out, out], detached: true });
    fs.closeSync(out);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, seconds: (Date.now() - started) / 1000, log, timedOut });
    });
  });
}

const tail = (file: string, lines = 30) => fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");

async function exportDeployment(env: NodeJS.ProcessEnv, pulumi: string, stack: string): Promise<{ resources?: never[] }> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const child = spawn(pulumi, ["stack", "export", "--stack", stack, "--cwd", repo], { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.once("close", (code) => (code === 0 ? resolve((JSON.parse(out) as { deployment: { resources?: never[] } }).deployment) : reject(new Error(`pulumi stack export: ${err.trim()}`))));
  });
}

export async function e2eBackend(cluster: LocalCluster, backend: string, o: { hcps: number; work: string; bin: { dir: string; pulumi: string }; destroyTimeoutS: number; log: (l: string) => void }): Promise<E2eLine> {
  const home = path.join(o.work, `home-${backend}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${o.bin.dir}${path.delimiter}${process.env.PATH ?? ""}`,
    KUBECONFIG: cluster.kubeconfig,
    HCPBENCH_HOME: home,
    PULUMI_HOME: path.join(o.work, "pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    // Fail on a missing plugin instead of trying the network.
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  const h = hcpbenchHome(env);
  const pulumiEnv = { ...env, PULUMI_BACKEND_URL: `file://${h.stateDir}`, PULUMI_CONFIG_PASSPHRASE_FILE: h.passphraseFile };
  const log = path.join(o.work, `${backend}.log`);
  fs.writeFileSync(log, "");
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
  const sets = [
    `fleet.backend=${backend}`,
    `fleet.count=${o.hcps}`,
    "fleet.awaitReady=false",
    `existing.kubeconfig=${cluster.kubeconfig}`,
    `existing.context=${cluster.context}`,
    `existing.storageClass=${cluster.storageClass}`,
    "existing.placement=pools",
    ...presentComponentSettings,
  ].flatMap((s) => ["--set", s]);
  // A fresh state per run: the last run's stack (and its passphrase) must not decide this one.
  fs.rmSync(home, { recursive: true, force: true });
  const present = await createPresentObjects(kc, randomBytes(18).toString("base64url"));
  o.log(`${backend}: present components' objects: ${present.join(", ")}`);
  const kamaji = backendDescriptor(backend as never).operator === "kamaji";
  const standIn = kamaji ? startKamajiFinalizerStandIn(kc, namespaces.fleet) : undefined;
  const t0 = Date.now();
  o.log(`${backend}: hcpbench up local (${o.hcps} HCPs); log ${log}`);
  const up = await hcpbench(["up", "local", ...sets], env, log);
  let objects: StateObject[] = [];
  let missing: string[] = [];
  let hcp: HcpCheck = { kind: "Cluster", count: 0, problems: [] };
  if (up.code === 0) {
    objects = stateObjects(await exportDeployment(pulumiEnv, o.bin.pulumi, "local"));
    missing = (await missingObjects(kc, objects)).map(describeObject);
    hcp = backendDescriptor(backend as never).operator === "k0smotron" ? await checkClusters(kc, namespaces.fleet) : await checkTenantControlPlanes(kc, namespaces.fleet);
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
    seconds: { up: round(up.seconds), destroy: round(destroy.seconds), total: round((Date.now() - t0) / 1000) },
    leftovers: left,
  };
}

const round = (s: number) => Math.round(s * 10) / 10;

export function lineOk(l: E2eLine, hcps: number): boolean {
  const standInDone = !l.finalizerStandIn || (l.finalizerStandIn.finalized === hcps && l.finalizerStandIn.blocked.length === 0);
  return l.up === "ok" && l.destroy === "ok" && l.missing.length === 0 && l.hcps === hcps && l.hcpProblems.length === 0 && l.leftovers.length === 0 && standInDone;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command("e2e:local")
    .exitOverride()
    .option("--backends <list>", `comma-separated: ${e2eBackends.join(", ")}`, listOf("--backends", e2eBackends), [...e2eBackends])
    .option("--hcps <n>", "HCPs per backend", positiveInt("--hcps", { max: 20 }), 3)
    .option("--dir <dir>", "work folder (cluster, Pulumi state, logs)", path.join(os.tmpdir(), "hcpbench-e2e"))
    .option("--port-base <port>", "first loopback port of the cluster", positiveInt("--port-base", { min: 1024, max: 65000 }), 25000)
    .option("--destroy-timeout <s>", "the bound on each destroy, in seconds", positiveInt("--destroy-timeout", { min: 10, max: 3600 }), 180)
    .option("--keep", "leave the cluster up afterwards");
  program.parse(argv);
  const flags = program.opts<{ backends: string[]; hcps: number; dir: string; portBase: number; destroyTimeout: number; keep?: boolean }>();
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
      const line = await e2eBackend(cluster, backend, { hcps: flags.hcps, work, bin, destroyTimeoutS: flags.destroyTimeout, log });
      process.stdout.write(`${JSON.stringify(line)}\n`);
      ok &&= lineOk(line, flags.hcps);
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
    (err: unknown) => {
      if (isInputError(err)) {
        process.stderr.write(`e2e:local: ${(err as InputError).message}\n`);
        process.exit(2);
      }
      const code = (err as { code?: unknown }).code;
      if (typeof code === "string" && code.startsWith("commander.")) process.exit((err as { exitCode?: number }).exitCode === 0 ? 0 : 2);
      process.stderr.write(`e2e:local: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
