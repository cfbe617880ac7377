import type { Command } from "commander";
import * as path from "node:path";
import { formatConformance } from "../conformance/conformanceResult";
import { runConformance } from "../conformance/runConformance";
import { defaultFocus, upstreamSkip } from "../../workloads/conformance/suiteSkips";
import { withInterrupt } from "../lab/interrupt";
import { commandSummaries } from "./commandIndex";

export interface ConformanceFlags {
  focus: string;
  skip: string;
  failFast?: boolean;
  timeout: string;
}

/** Flags shared by `conformance` and `lab conformance`. */
export function conformanceFlags(c: Command): Command {
  return c
    .option("--focus <re>", "Go regular expression of the tests to run", defaultFocus)
    .option("--skip <re>", "Go regular expression of the tests to leave out (the repository's skip list is added to it)", upstreamSkip)
    .option("--fail-fast", "stop at the first failure, as kine's CI does (default: run every selected test)")
    .option("--timeout <duration>", "the suite's timeout (Go duration)", "2h");
}

export function registerConformance(program: Command): void {
  conformanceFlags(program.command("conformance").description(commandSummaries.conformance.description))
    .requiredOption("--target <kubeconfig>", "kubeconfig of the control plane under test")
    .option("--out <dir>", "where junit.xml, conformance.json and conformance.csv go (default results/conformance-<time>)")
    .option("--storage-name <name>", "the backend name the summary row carries", "unknown")
    .action(async (flags: ConformanceFlags & { target: string; out?: string; storageName: string }) => {
      const out = flags.out ?? path.join("results", `conformance-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}`);
      const result = await withInterrupt("conformance", (signal) =>
        runConformance({ target: flags.target, focus: flags.focus, skip: flags.skip, out, storageName: flags.storageName, failFast: flags.failFast, timeout: flags.timeout, signal, log: (l) => process.stderr.write(`conformance: ${l}\n`) }),
      );
      process.stdout.write(formatConformance(result));
      process.stdout.write(`conformance: ${out}/junit.xml, conformance.json, conformance.csv\n`);
      if (result.counts.failed > 0 || result.partial || result.setupFailures.length > 0) process.exitCode ||= 1; // an interrupt's 130 / 143 stands
    });
}
