import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { hcpbenchHome } from "../automation/hcpbenchHome";
import type { LocalCluster } from "../lab/cluster/clusterUp";
import { presentComponentSettings } from "./presentComponents";

/** The pieces of the e2e that run the hcpbench CLI and the Pulumi CLI as a user does. */

const repo = path.resolve(__dirname, "..", "..");

export interface CliRun {
  readonly code: number;
  readonly seconds: number;
  readonly log: string;
  readonly timedOut: boolean;
}

/**
 * The hcpbench CLI as a user runs it, in its own process group, with the e2e's PATH, home and
 * kubeconfig; past `timeoutMs` the whole group (hcpbench, pulumi, its plugins) is killed.
 */
export function hcpbench(args: string[], env: NodeJS.ProcessEnv, log: string, timeoutMs = 15 * 60_000): Promise<CliRun> {
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

export const tail = (file: string, lines = 30) => fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");

export async function exportDeployment(env: NodeJS.ProcessEnv, pulumi: string, stack: string): Promise<{ resources?: never[] }> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const child = spawn(pulumi, ["stack", "export", "--stack", stack, "--cwd", repo], { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.once("close", (code) => (code === 0 ? resolve((JSON.parse(out) as { deployment: { resources?: never[] } }).deployment) : reject(new Error(`pulumi stack export: ${err.trim()}`))));
  });
}

export const round = (s: number) => Math.round(s * 10) / 10;

export interface E2eRun {
  readonly env: NodeJS.ProcessEnv;
  /** For the Pulumi CLI itself (stack export): the state and passphrase hcpbench uses. */
  readonly pulumiEnv: NodeJS.ProcessEnv;
  readonly home: string;
  readonly log: string;
  readonly kc: KubeConfig;
  /** `--set` flags for `up local` / `sweep local` on the cluster. */
  readonly sets: string[];
}

/**
 * One run's environment: a fresh HCPBENCH_HOME (the last run's stack and passphrase must not
 * decide this one), the engine's binaries first on PATH, the cluster's kubeconfig, an empty log,
 * and the settings for the local stack on this cluster.
 */
export function prepareRun(cluster: LocalCluster, backend: string, homeName: string, logName: string, o: { hcps: number; work: string; bin: { dir: string }; awaitReady?: boolean }): E2eRun {
  const home = path.join(o.work, homeName);
  fs.rmSync(home, { recursive: true, force: true });
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
  const log = path.join(o.work, logName);
  fs.writeFileSync(log, "");
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
  const sets = [
    `fleet.backend=${backend}`,
    `fleet.count=${o.hcps}`,
    `fleet.awaitReady=${o.awaitReady === true}`,
    `existing.kubeconfig=${cluster.kubeconfig}`,
    `existing.context=${cluster.context}`,
    `existing.storageClass=${cluster.storageClass}`,
    "existing.placement=pools",
    ...presentComponentSettings,
  ].flatMap((s) => ["--set", s]);
  return { env, pulumiEnv: { ...env, PULUMI_BACKEND_URL: `file://${h.stateDir}`, PULUMI_CONFIG_PASSPHRASE_FILE: h.passphraseFile }, home, log, kc, sets };
}
