import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

/** The Pulumi CLI is missing: a clear message and exit code 1 (it is not a bad setting). */
export class PulumiMissingError extends Error {
  constructor(detail: string) {
    super(
      `the pulumi CLI is needed for this command but ${detail}.\n` +
        "Install it (https://www.pulumi.com/docs/install/): curl -fsSL https://get.pulumi.com | sh   (or: brew install pulumi/tap/pulumi)\n" +
        "then open a new shell so ~/.pulumi/bin is on PATH. `hcpbench plan` and `hcpbench report` work without it.",
    );
    this.name = "PulumiMissingError";
  }
}

/** An executable regular file. */
export function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The real CLI: `<$HCPBENCH_PULUMI_ROOT>/bin/pulumi` when set (tests use a
 * fake there), else `pulumi` on PATH, else the installer's ~/.pulumi/bin.
 */
export function resolveRealPulumi(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HCPBENCH_PULUMI_ROOT) {
    const file = path.resolve(env.HCPBENCH_PULUMI_ROOT, "bin", "pulumi");
    if (!executable(file)) throw new PulumiMissingError(`HCPBENCH_PULUMI_ROOT has no executable ${file}`);
    return file;
  }
  const dirs = (env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const dir of [...dirs, path.join(env.HOME ?? os.homedir(), ".pulumi", "bin")]) {
    const file = path.resolve(dir, "pulumi");
    if (executable(file) && path.dirname(file) !== path.join(shimRoot, "bin")) return file;
  }
  throw new PulumiMissingError("no `pulumi` was found on PATH or in ~/.pulumi/bin");
}

/** The shim that runs the real CLI in its own session (see pulumiShim/bin/pulumi). */
export const shimRoot = path.join(__dirname, "pulumiShim");

/**
 * The PulumiCommand every workspace uses: the shim in front of the real CLI.
 * The fake CLI in tests skips the minimum-version check; a real one must pass it.
 */
export async function pulumiCommand(env: NodeJS.ProcessEnv = process.env): Promise<{ command: PulumiCommand; real: string }> {
  const real = resolveRealPulumi(env);
  // PulumiCommand.get runs `<shim> version` with this process's environment.
  process.env.HCPBENCH_REAL_PULUMI = real;
  try {
    const command = await PulumiCommand.get({ root: shimRoot, skipVersionCheck: Boolean(env.HCPBENCH_PULUMI_ROOT) });
    return { command, real };
  } catch (err) {
    const msg = (err as Error).message.split("\n").find((l) => l.trim() !== "") ?? String(err);
    if (/minimum|version/i.test(msg)) throw new PulumiMissingError(`${real} is too old (${msg.trim()})`);
    throw new PulumiMissingError(`${real} did not run (${msg.trim()})`);
  }
}
