import * as fs from "node:fs";
import * as path from "node:path";
import { launchDetached, stopLabProcesses, type LabProcess, type LaunchSpec } from "./labProcesses";
import { writeLabState, type LabCluster, type LabHcp, type LabServer, type LabState } from "./labState";
import type { PortPlan } from "./labPorts";
import type { ResolvedBinary, LabBinaryName } from "./labBinaries";

/** Flags added to every kube-apiserver or kine of a lab, after the lab's own (a later flag wins). */
export interface LabExtraFlags {
  readonly apiServer?: readonly string[];
  readonly kine?: readonly string[];
}

/**
 * One `lab up` in progress: what it started, written to lab.json after each
 * start so that `lab down` can end it even if this process dies.
 */
export class LabRun {
  readonly state: LabState;

  constructor(
    readonly dir: string,
    readonly ports: PortPlan,
    readonly bins: Readonly<Partial<Record<LabBinaryName, ResolvedBinary>>>,
    readonly log: (line: string) => void,
    readonly signal?: AbortSignal,
    readonly extraFlags: LabExtraFlags = {},
  ) {
    this.state = { schemaVersion: 1, dir, createdAt: new Date().toISOString(), status: "starting", processes: [], servers: [], hcps: [], createdDatabases: [] };
  }

  bin(name: LabBinaryName): string {
    const b = this.bins[name];
    if (!b) throw new Error(`${name} was not resolved before the lab started`);
    return b.path;
  }

  /** A folder of the lab; folders are 0711 so the database users can reach their data folders but list nothing. */
  folder(...parts: string[]): string {
    const p = path.join(this.dir, ...parts);
    fs.mkdirSync(p, { recursive: true, mode: 0o711 });
    return p;
  }

  async launch(spec: Omit<LaunchSpec, "marker">): Promise<LabProcess> {
    if (this.signal?.aborted) throw new Error(`interrupted before ${spec.role} started`);
    const p = await launchDetached({ ...spec, marker: this.dir });
    this.state.processes.push(p);
    this.save();
    return p;
  }

  addServer(s: LabServer): void {
    this.state.servers.push(s);
    this.save();
  }

  addHcp(h: LabHcp): void {
    this.state.hcps.push(h);
    this.save();
  }

  setCluster(c: LabCluster): void {
    this.state.cluster = c;
    this.save();
  }

  noteCreatedDatabase(d: LabState["createdDatabases"][number]): void {
    this.state.createdDatabases.push(d);
    this.save();
  }

  markUp(): void {
    this.state.status = "up";
    this.save();
  }

  save(): void {
    writeLabState(this.state);
  }

  /** Ends what this run started, newest first (API servers before kine before databases). */
  async stopAll(): Promise<void> {
    await stopLabProcesses([...this.state.processes].reverse());
  }
}
