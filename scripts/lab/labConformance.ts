import * as fs from "node:fs";
import * as path from "node:path";
import { conformanceDir } from "../../infra/names/conformanceLayout";
import { stackInfoFile } from "../report/loadResults";
import type { ConformanceResult } from "../conformance/conformanceResult";
import { checkGoRegex } from "../conformance/goRegex";
import { prepareConformance, runConformance } from "../conformance/runConformance";
import { labStackName } from "./labBench";
import { labDown } from "./labDown";
import { labUp, type LabUpOptions } from "./labUp";
import { binaryPins, requireBinary } from "./labBinaries";

export interface LabConformanceOptions extends Omit<LabUpOptions, "components" | "hcps"> {
  readonly focus: string;
  readonly skip: string;
  readonly failFast?: boolean;
  readonly timeout?: string;
  readonly out: string;
  readonly sweepId: string;
}

export interface LabConformanceOutcome {
  readonly backend: string;
  readonly result?: ConformanceResult;
  readonly error?: string;
  readonly dir: string;
}

/**
 * Per backend in turn: lab up --components full (one HCP), the e2e suite
 * against it, lab down, always (also on error and on the signal). Results go
 * to <out>/lab-<backend>-1/conformance/hcp-001/, the sweep layout the
 * report reads; a backend whose lab fails to start is recorded, and the next
 * one still runs.
 */
export async function labConformance(o: LabConformanceOptions): Promise<LabConformanceOutcome[]> {
  // Bad input (patterns, binaries) fails before any lab starts.
  checkGoRegex("--focus", o.focus);
  if (o.skip) checkGoRegex("--skip", o.skip);
  requireBinary("e2e.test");
  const outcomes: LabConformanceOutcome[] = [];
  for (const backend of o.backends) {
    if (o.signal?.aborted) break;
    const stack = labStackName(backend, 1);
    const stackDir = path.join(o.out, stack);
    const dir = path.join(stackDir, conformanceDir("hcp-001"));
    try {
      const state = await labUp({ ...o, backends: [backend], hcps: 1, components: "full" });
      const hcp = state.hcps[0]!;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(stackDir, stackInfoFile), `${JSON.stringify({ stack, sweepId: o.sweepId, backend, hcpCount: 1, replicas: 1, preset: "unlimited", lab: true, kubernetes: binaryPins["kube-apiserver"].version }, null, 2)}\n`);
      const base = { target: hcp.kubeconfig, focus: o.focus, skip: o.skip };
      const prepared = await prepareConformance(base);
      const result = await runConformance({ ...base, out: dir, storageName: backend, failFast: o.failFast, timeout: o.timeout, signal: o.signal, log: o.log }, prepared);
      outcomes.push({ backend, result, dir });
    } catch (err) {
      o.log(`${backend}: ${(err as Error).message.split("\n")[0]}`);
      outcomes.push({ backend, error: (err as Error).message.split("\n")[0], dir });
    } finally {
      await labDown(o.dir, (line) => o.log(`${backend}: lab down: ${line}`));
    }
  }
  return outcomes;
}
