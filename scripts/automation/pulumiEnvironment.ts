import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { HcpbenchHome } from "./hcpbenchHome";

/**
 * Where Pulumi keeps state and how it unlocks secrets, without a Pulumi Cloud
 * account: a local file backend under the hcpbench home (or --state), and a
 * passphrase from PULUMI_CONFIG_PASSPHRASE(_FILE) or a generated file readable
 * only by its owner. The passphrase itself is never put in the environment by
 * hcpbench: only the path to its file.
 */
export interface PulumiEnvironment {
  /** Variables for every Pulumi command (LocalWorkspace envVars). */
  readonly envVars: Record<string, string>;
  readonly backendUrl: string;
  /** How the passphrase is supplied, for messages (never the passphrase). */
  readonly passphraseSource: string;
}

/** `--state` accepts a backend URL (file://, s3://, ...) or a folder. */
export function backendUrlOf(state: string | undefined, env: NodeJS.ProcessEnv, home: HcpbenchHome): string {
  if (state) return /^[a-z0-9]+:\/\//.test(state) ? state : `file://${path.resolve(state)}`;
  return env.PULUMI_BACKEND_URL ?? `file://${home.stateDir}`;
}

/** Creates the passphrase file once (32 random bytes, mode 600); an existing one is kept as is. */
export function ensurePassphraseFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, `${crypto.randomBytes(32).toString("base64url")}\n`, { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
}

export function pulumiEnvironment(opts: { state?: string; env?: NodeJS.ProcessEnv; home: HcpbenchHome }): PulumiEnvironment {
  const env = opts.env ?? process.env;
  const backendUrl = backendUrlOf(opts.state, env, opts.home);
  if (backendUrl.startsWith("file://")) fs.mkdirSync(backendUrl.slice("file://".length), { recursive: true, mode: 0o700 });
  const envVars: Record<string, string> = { PULUMI_BACKEND_URL: backendUrl, PULUMI_SKIP_UPDATE_CHECK: "true" };
  let passphraseSource: string;
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined) {
    // Already in the environment the CLI inherits; nothing to add.
    passphraseSource = "PULUMI_CONFIG_PASSPHRASE";
  } else if (env.PULUMI_CONFIG_PASSPHRASE_FILE) {
    envVars.PULUMI_CONFIG_PASSPHRASE_FILE = env.PULUMI_CONFIG_PASSPHRASE_FILE;
    passphraseSource = `PULUMI_CONFIG_PASSPHRASE_FILE=${env.PULUMI_CONFIG_PASSPHRASE_FILE}`;
  } else {
    ensurePassphraseFile(opts.home.passphraseFile);
    envVars.PULUMI_CONFIG_PASSPHRASE_FILE = opts.home.passphraseFile;
    passphraseSource = opts.home.passphraseFile;
  }
  return { envVars, backendUrl, passphraseSource };
}
