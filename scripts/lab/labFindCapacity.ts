import * as fs from "node:fs";
import * as path from "node:path";
import { writeResultFiles } from "../../workloads/loadgen/resultFiles";
import type { KubernetesTarget } from "../../workloads/loadgen/loadgenOptions";
import { findCapacity, type CapacityRun } from "../../workloads/loadgen/slo/findCapacity";
import { sloLine } from "../../workloads/loadgen/slo/sloVerdict";
import { datastoreRecord } from "./datastoreRecord";
import { labStackName } from "./labBench";
import { labDown } from "./labDown";
import { labUp, type LabUpOptions } from "./labUp";

export interface LabFindCapacityOptions extends Omit<LabUpOptions, "backends"> {
  readonly backend: string;
  /** Operations per second at each active HCP. */
  readonly rate: number;
  /** Operations per HCP and step. */
  readonly ops: number;
  readonly warmup?: number;
  readonly concurrency?: number;
  readonly slo?: string;
  /** Results folder: <out>/<stack>/find-capacity/ (result.json with the search, steps/tenants-<k>/ per step). */
  readonly out: string;
}

/**
 * --find-capacity in the lab: `hcps` real API servers on one datastore of
 * `backend`, then the capacity search over them (see findCapacity), then lab
 * down, always. The datastore's own record after the load sits beside the
 * result.
 */
export async function labFindCapacity(o: LabFindCapacityOptions): Promise<CapacityRun> {
  const dir = path.join(o.out, labStackName(o.backend, o.hcps), "find-capacity");
  try {
    const state = await labUp({ ...o, backends: [o.backend] });
    const target: KubernetesTarget[] = state.hcps.map((h) => ({ kind: "kubernetes", kubeconfig: h.kubeconfig, name: `${o.backend}/${h.name}` }));
    const run = await findCapacity(
      {
        target,
        profile: "mixed-uniform",
        rate: o.rate,
        ops: o.ops,
        ...(o.warmup !== undefined ? { warmup: o.warmup } : {}),
        ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
        ...(o.slo !== undefined ? { slo: o.slo } : {}),
        labels: { storageName: o.backend, extra: { lab: "true", hcps: String(o.hcps) } },
        ...(o.signal ? { signal: o.signal } : {}),
      },
      (result, step) => {
        writeResultFiles(path.join(dir, "steps", `tenants-${step.tenants}`), result);
        o.log(`${o.backend}: ${step.tenants} of ${o.hcps} HCPs at ${o.rate} ops/s each: ${sloLine(step.slo)}`);
      },
    );
    writeResultFiles(dir, run.result);
    const datastore = await datastoreRecord(state, o.backend).catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }));
    if (datastore) fs.writeFileSync(path.join(dir, "datastore.json"), `${JSON.stringify(datastore, null, 2)}\n`);
    return run;
  } finally {
    await labDown(o.dir, (line) => o.log(`lab down: ${line}`));
  }
}
