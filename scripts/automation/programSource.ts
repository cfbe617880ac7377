import * as path from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { executable } from "./pulumiCli";

/**
 * How the Pulumi engine runs the hcpbench program.
 *
 * - `project`: the CLI starts `pulumi-language-nodejs`, which runs
 *   infra/index.ts (Pulumi.yaml). The CLI's release archive ships that host.
 * - `inline`: the program runs in this process and the CLI reaches it through
 *   the Automation API's own language server (`pulumi up --client=...`), so no
 *   language host binary is needed. This is how a CLI built from its Go module
 *   (`lab install --components engine`) runs it: the host's module is not
 *   served by the Go module proxy.
 *
 * The two run the same program with the same settings and state. Inline runs
 * one stack at a time per process: the SDK's runtime state is global.
 */
export type ProgramSource = "project" | "inline";

/** `project` when a Node.js language host sits beside the CLI or on PATH, else `inline`. */
export function programSourceFor(realPulumi: string, env: NodeJS.ProcessEnv = process.env): ProgramSource {
  const dirs = [path.dirname(realPulumi), ...(env.PATH ?? "").split(path.delimiter).filter(Boolean)];
  return dirs.some((d) => executable(path.join(d, "pulumi-language-nodejs"))) ? "project" : "inline";
}

/** infra/index.ts as an inline program: the same entry point `pulumi up` runs through Pulumi.yaml. */
export function inlineProgram(root: string): PulumiFn {
  return async () => {
    // tsx (loaded by bin/hcpbench.js) compiles it; `export =` makes the module the function itself.
    const program = require(path.join(root, "infra", "index.ts")) as () => Promise<Record<string, unknown>>;
    return program();
  };
}
