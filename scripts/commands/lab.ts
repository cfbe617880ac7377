import type { Command } from "commander";
import { commandSummaries } from "./commandIndex";
import * as path from "node:path";
import { intList, listOf, oneOf, positiveInt } from "../cliArgs";
import { profileNames, type ProfileName } from "../../infra/names/profiles";
import { labBench } from "../lab/labBench";
import { formatBenchTable } from "../lab/labBenchTable";
import { labBackendNames } from "../lab/backends/labBackendRegistry";
import { labDown } from "../lab/labDown";
import { defaultLabDir, defaultPortBase, labComponentNames, labUp, type LabComponents } from "../lab/labUp";
import { formatLabSummary } from "../lab/labSummary";
import { withInterrupt } from "../lab/interrupt";
import { componentSets, type ComponentSet } from "../lab/labBinaries";
import { formatInstallOutcome, installLabBinaries } from "../lab/labInstall";
import { labConformance } from "../lab/labConformance";
import { formatConformance } from "../conformance/conformanceResult";
import { conformanceFlags, type ConformanceFlags } from "./conformance";
import { clusterDown, clusterUp, defaultClusterDir, defaultClusterPortBase } from "../lab/cluster/clusterUp";

const componentSetNames = Object.keys(componentSets) as ComponentSet[];

export function registerLab(program: Command): void {
  const lab = program.command("lab").description(commandSummaries.lab.description);

  lab
    .command("install")
    .description("Build the pinned upstream programs (kube-apiserver, kine, etcd, and with --components more) from their Go modules into ~/.cache/hcpbench/bin (skips what is built; uses HCPBENCH_BIN_DIR and PATH as they are)")
    .option("--components <set>", `lab (kube-apiserver, kine, etcd), full (adds kube-controller-manager, kube-scheduler), conformance (full and the e2e suite, e2e.test), cluster (a management cluster: full without kine, and kwok) or engine (cluster, the Pulumi CLI and its kubernetes provider)`, oneOf("--components", componentSetNames), "lab")
    .action(async (flags: { components: ComponentSet }) => {
      const log = (line: string) => process.stderr.write(`lab install: ${line}\n`);
      const started = Date.now();
      const outcomes = await installLabBinaries(flags.components, log);
      for (const o of outcomes) process.stdout.write(`${formatInstallOutcome(o)}\n`);
      process.stdout.write(`lab install: ${outcomes.filter((o) => o.how === "built").length} built, ${outcomes.filter((o) => o.how !== "built").length} present, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    });

  const up = lab
    .command("up")
    .description(`Start N control planes per backend (${labBackendNames.join(", ")}) on loopback; returns once each answers /readyz; writes DIR/lab.json and DIR/<backend>/<hcp>.kubeconfig`)
    .argument("<backend...>", labBackendNames.join(", "));
  upFlags(up)
    .action(async (backends: string[], flags: LabUpFlags) => {
      const state = await withInterrupt("lab up", (signal) =>
        labUp({ ...upOptions(backends, flags), signal, log: (line) => process.stderr.write(`lab up: ${line}\n`) }),
      );
      process.stdout.write(formatLabSummary(state));
    });

  const bench = lab
    .command("bench")
    .description("lab up, the loadgen matrix against every HCP, lab down (always); results in the sweep layout for hcpbench report, with the lab's capacity (readiness, peak CPU and memory (PSS) per process)")
    .argument("<backend...>", labBackendNames.join(", "));
  upFlags(bench)
    .option("--profiles <list>", `comma-separated: ${profileNames.join(", ")}`, listOf("--profiles", profileNames), ["create-list", "watch-churn"] as ProfileName[])
    .option("--concurrency <list>", "comma-separated concurrency levels", intList("--concurrency", { max: 5000 }), [50])
    .option("--ops <n>", "measured operations per point and HCP (default per profile)", positiveInt("--ops"))
    .option("--runs <n>", "runs of each point", positiveInt("--runs", { max: 20 }), 1)
    .option("--warmup <n>", "operations run first and discarded (default 50)", positiveInt("--warmup", { min: 0 }))
    .option("--watchers <n>", "watches held open by watch-churn (default 25)", positiveInt("--watchers"))
    .option("--out <dir>", "results folder (default results/lab-<time>)")
    .option("--quiet", "no progress lines on stderr")
    .action(async (backends: string[], flags: LabBenchFlags) => {
      const sweepId = `lab-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}`;
      const out = flags.out ?? path.join("results", sweepId);
      const log = flags.quiet ? () => undefined : (line: string) => process.stderr.write(`lab bench: ${line}\n`);
      const outcome = await withInterrupt("lab bench", (signal) =>
        labBench({
          ...upOptions(backends, flags),
          profiles: flags.profiles,
          concurrency: flags.concurrency,
          runs: flags.runs,
          ...(flags.ops !== undefined ? { ops: flags.ops } : {}),
          ...(flags.warmup !== undefined ? { warmup: flags.warmup } : {}),
          ...(flags.watchers !== undefined ? { watchers: flags.watchers } : {}),
          out,
          sweepId,
          signal,
          log,
        }),
      );
      process.stdout.write(formatBenchTable(outcome));
      process.stdout.write(`lab bench: results in ${out}; npx hcpbench report ${out} renders them\n`);
    });

  const conformance = lab
    .command("conformance")
    .description("Per backend: lab up --components full (one HCP), the upstream e2e suite against it, lab down (always); results in the sweep layout for hcpbench report")
    .argument("<backend...>", labBackendNames.join(", "));
  conformanceFlags(upFlags(conformance, { hcps: false, components: false }))
    .option("--out <dir>", "results folder (default results/lab-conformance-<time>)")
    .action(async (backends: string[], flags: LabUpFlags & ConformanceFlags & { out?: string }) => {
      const sweepId = `lab-conformance-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}`;
      const out = flags.out ?? path.join("results", sweepId);
      const log = (line: string) => process.stderr.write(`lab conformance: ${line}\n`);
      const { hcps: _hcps, components: _components, ...lab } = upOptions(backends, flags);
      const outcomes = await withInterrupt("lab conformance", (signal) =>
        labConformance({ ...lab, focus: flags.focus, skip: flags.skip, failFast: flags.failFast, timeout: flags.timeout, out, sweepId, signal, log }),
      );
      for (const oc of outcomes) process.stdout.write(oc.result ? formatConformance(oc.result) : `conformance: ${oc.backend}: did not run: ${oc.error}\n`);
      process.stdout.write(`lab conformance: results in ${out}; npx hcpbench report ${out} renders them\n`);
      if (outcomes.some((oc) => !oc.result || oc.result.counts.failed > 0 || oc.result.partial || oc.result.setupFailures.length > 0)) process.exitCode ||= 1; // an interrupt's 130 / 143 stands
    });

  const cluster = lab.command("cluster").description("A whole local management cluster on loopback (etcd, kube-apiserver, controller manager, scheduler, kwok nodes per pool) for `up` on the existing substrate");
  cluster
    .command("up")
    .description("Start the cluster and return once every node is Ready; prints its kubeconfig (DIR/kubeconfig), context, storage class and nodes")
    .option("--dir <dir>", "the cluster's folder", defaultClusterDir)
    .option("--port-base <port>", "first loopback port the cluster listens on; it takes 6 consecutive ports from there", positiveInt("--port-base", { min: 1024, max: 65000 }), defaultClusterPortBase)
    .option("--nodes <n>", "fake nodes in every pool (default: each pool's node count on AWS)", positiveInt("--nodes", { max: 50 }))
    .action(async (flags: { dir: string; portBase: number; nodes?: number }) => {
      const c = await withInterrupt("lab cluster up", (signal) =>
        clusterUp({ dir: flags.dir, portBase: flags.portBase, ...(flags.nodes !== undefined ? { nodes: flags.nodes } : {}), signal, log: (line) => process.stderr.write(`lab cluster up: ${line}\n`) }),
      );
      process.stdout.write(
        [
          `kubeconfig:    ${c.kubeconfig}`,
          `context:       ${c.context}`,
          `storage class: ${c.storageClass}`,
          `api server:    ${c.apiUrl}`,
          `nodes Ready:   ${c.nodes.length} (${c.nodes.join(", ")})`,
          `up in:         ${c.secondsToReady.toFixed(1)} s`,
          `use it:        npx hcpbench up local --set existing.kubeconfig=${c.kubeconfig} --set existing.context=${c.context} --set existing.storageClass=${c.storageClass} --set existing.placement=pools`,
          `end it:        npx hcpbench lab cluster down --dir ${c.dir}`,
          "",
        ].join("\n"),
      );
    });
  cluster
    .command("down")
    .description("Stop every process of the cluster (from DIR/lab.json, also after a crash) and remove its folder")
    .option("--dir <dir>", "the cluster's folder", defaultClusterDir)
    .action(async (flags: { dir: string }) => {
      const started = Date.now();
      const report = await clusterDown(flags.dir, (line) => process.stderr.write(`lab cluster down: ${line}\n`));
      process.stdout.write(`lab cluster down: ${report.stopped.length} processes stopped, ${report.removed.length} folders removed, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    });

  lab
    .command("down")
    .description("Stop every process of the lab (from DIR/lab.json, also after a crash) and remove its data")
    .option("--dir <dir>", "the lab's folder", defaultLabDir)
    .action(async (flags: { dir: string }) => {
      const report = await labDown(flags.dir, (line) => process.stderr.write(`lab down: ${line}\n`));
      process.stdout.write(`lab down: ${report.stopped.length} processes stopped, ${report.droppedDatabases.length} databases dropped, ${report.removed.length} folders removed\n`);
    });
}

interface LabBenchFlags extends LabUpFlags {
  profiles: ProfileName[];
  concurrency: number[];
  ops?: number;
  runs: number;
  warmup?: number;
  watchers?: number;
  out?: string;
  quiet?: boolean;
}

interface LabUpFlags {
  hcps: number;
  dir: string;
  portBase: number;
  parallel: number;
  postgresAdminUrl?: string;
  mysqlAdminUrl?: string;
  components: LabComponents;
}

function upFlags(c: Command, with_: { hcps: boolean; components: boolean } = { hcps: true, components: true }): Command {
  if (with_.hcps) c.option("--hcps <n>", "control planes per backend", positiveInt("--hcps", { max: 200 }), 1);
  if (with_.components) {
    c.option("--components <set>", "lab (kube-apiserver alone) or full (kube-controller-manager and kube-scheduler beside it, as k0s and Kamaji run them)", oneOf("--components", labComponentNames), "lab");
  }
  return c
    .option("--dir <dir>", "the lab's folder", defaultLabDir)
    .option("--port-base <port>", "first loopback port the lab listens on; it takes consecutive ports from there", positiveInt("--port-base", { min: 1024, max: 65000 }), defaultPortBase)
    .option("--parallel <n>", "control planes started at once per backend", positiveInt("--parallel", { max: 50 }), 4)
    .option("--postgres-admin-url <url>", "use this PostgreSQL (postgres://user:password@host:port) instead of starting one")
    .option("--mysql-admin-url <url>", "use this MySQL/MariaDB (mysql://user:password@host:port) instead of starting one");
}

function upOptions(backends: string[], flags: LabUpFlags) {
  return {
    backends,
    hcps: flags.hcps,
    dir: flags.dir,
    portBase: flags.portBase,
    parallel: flags.parallel,
    components: flags.components,
    ...(flags.postgresAdminUrl ? { postgresAdminUrl: flags.postgresAdminUrl } : {}),
    ...(flags.mysqlAdminUrl ? { mysqlAdminUrl: flags.mysqlAdminUrl } : {}),
  };
}
