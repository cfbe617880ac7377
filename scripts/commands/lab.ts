import type { Command } from "commander";
import { oneOf, positiveInt } from "../cliArgs";
import { labBackendNames } from "../lab/backends/labBackendRegistry";
import { labDown } from "../lab/labDown";
import { defaultLabDir, defaultPortBase, labUp } from "../lab/labUp";
import { formatLabSummary } from "../lab/labSummary";
import { withInterrupt } from "../lab/interrupt";
import { componentSets, type ComponentSet } from "../lab/labBinaries";
import { formatInstallOutcome, installLabBinaries } from "../lab/labInstall";

const componentSetNames = Object.keys(componentSets) as ComponentSet[];

export function registerLab(program: Command): void {
  const lab = program.command("lab").description("Real control planes on this machine: kube-apiserver on etcd or kine, on loopback");

  lab
    .command("install")
    .description("Build the pinned kube-apiserver, kine and etcd from their Go modules into ~/.cache/hcpbench/bin (skips what is built; uses HCPBENCH_BIN_DIR and PATH as they are)")
    .option("--components <set>", `lab (kube-apiserver, kine, etcd) or full (adds kube-controller-manager, kube-scheduler)`, oneOf("--components", componentSetNames), "lab")
    .action(async (flags: { components: ComponentSet }) => {
      const log = (line: string) => process.stderr.write(`lab install: ${line}\n`);
      const started = Date.now();
      const outcomes = await installLabBinaries(flags.components, log);
      for (const o of outcomes) process.stdout.write(`${formatInstallOutcome(o)}\n`);
      process.stdout.write(`lab install: ${outcomes.filter((o) => o.how === "built").length} built, ${outcomes.filter((o) => o.how !== "built").length} present, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    });

  lab
    .command("up")
    .description(`Start N control planes per backend (${labBackendNames.join(", ")}) on loopback; returns once each answers /readyz; writes DIR/lab.json and DIR/<backend>/<hcp>.kubeconfig`)
    .argument("<backend...>", labBackendNames.join(", "))
    .option("--hcps <n>", "control planes per backend", positiveInt("--hcps", { max: 200 }), 1)
    .option("--dir <dir>", "the lab's folder", defaultLabDir)
    .option("--port-base <port>", "first loopback port the lab listens on; it takes consecutive ports from there", positiveInt("--port-base", { min: 1024, max: 65000 }), defaultPortBase)
    .option("--parallel <n>", "control planes started at once per backend", positiveInt("--parallel", { max: 50 }), 4)
    .option("--postgres-admin-url <url>", "use this PostgreSQL (postgres://user:password@host:port) instead of starting one")
    .option("--mysql-admin-url <url>", "use this MySQL/MariaDB (mysql://user:password@host:port) instead of starting one")
    .action(async (backends: string[], flags: LabUpFlags) => {
      const state = await withInterrupt("lab up", (signal) =>
        labUp({ ...upOptions(backends, flags), signal, log: (line) => process.stderr.write(`lab up: ${line}\n`) }),
      );
      process.stdout.write(formatLabSummary(state));
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

interface LabUpFlags {
  hcps: number;
  dir: string;
  portBase: number;
  parallel: number;
  postgresAdminUrl?: string;
  mysqlAdminUrl?: string;
}

function upOptions(backends: string[], flags: LabUpFlags) {
  return {
    backends,
    hcps: flags.hcps,
    dir: flags.dir,
    portBase: flags.portBase,
    parallel: flags.parallel,
    ...(flags.postgresAdminUrl ? { postgresAdminUrl: flags.postgresAdminUrl } : {}),
    ...(flags.mysqlAdminUrl ? { mysqlAdminUrl: flags.mysqlAdminUrl } : {}),
  };
}
