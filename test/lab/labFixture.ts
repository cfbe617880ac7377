import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { freePortRun } from "../../scripts/lab/labPorts";
import { labDown } from "../../scripts/lab/labDown";
import type { LabState } from "../../scripts/lab/labState";
import type { LabExtraFlags } from "../../scripts/lab/labRun";
import { labUp } from "../../scripts/lab/labUp";

/**
 * A real lab for one test file: up in beforeAll (then `prepare`, if given),
 * down and its folder removed in afterAll. The returned getter reads the
 * lab's state once it is up.
 */
export function useLab(name: string, o: { backends: string[]; hcps: number; ports: number; extraFlags?: LabExtraFlags; prepare?: (state: LabState) => Promise<void> }): () => LabState {
  let dir: string | undefined;
  let state: LabState | undefined;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `hcpbench-${name}-`));
    fs.chmodSync(dir, 0o711);
    state = await labUp({ backends: o.backends, hcps: o.hcps, dir, portBase: await freePortRun(o.ports), parallel: Math.min(3, o.backends.length), log: () => undefined, extraFlags: o.extraFlags });
    await o.prepare?.(state);
  }, 600_000);
  afterAll(async () => {
    if (!dir) return;
    await labDown(dir, () => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
  return () => {
    if (!state) throw new Error(`lab ${name} is not up`);
    return state;
  };
}
