import * as os from "node:os";
import * as path from "node:path";
import { projectRoot } from "../../infra/config/stackFiles";

/**
 * Everything hcpbench keeps between runs, under one folder (default
 * ~/.hcpbench, or $HCPBENCH_HOME): Pulumi state, the passphrase that encrypts
 * its secrets, the generated per-stack config files, logs. Back these up
 * together: state without its passphrase and config files cannot be destroyed.
 */
export interface HcpbenchHome {
  readonly dir: string;
  /** The local file backend (`file://<dir>/state`). */
  readonly stateDir: string;
  readonly passphraseFile: string;
  /** Pulumi.<stack>.yaml as last applied (committed settings + --set + run settings), passed with --config-file. */
  readonly configDir: string;
  readonly logDir: string;
}

export function hcpbenchHome(env: NodeJS.ProcessEnv = process.env): HcpbenchHome {
  const dir = path.resolve(env.HCPBENCH_HOME ?? path.join(os.homedir(), ".hcpbench"));
  return {
    dir,
    stateDir: path.join(dir, "state"),
    passphraseFile: path.join(dir, "passphrase"),
    configDir: path.join(dir, "config"),
    logDir: path.join(dir, "logs"),
  };
}

/** The Pulumi project folder (Pulumi.yaml, stacks/); tests point it at a copy with $HCPBENCH_PROJECT_ROOT. */
export function hcpbenchProjectRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.HCPBENCH_PROJECT_ROOT ?? projectRoot);
}
