import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { InputError } from "../../names/inputError";

/**
 * The kubeconfig an existing-cluster stack uses, resolved the way kubectl
 * does: `existing.kubeconfig` if set, else the first file of $KUBECONFIG,
 * else ~/.kube/config.
 */
export function kubeconfigPath(setting: string | undefined, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const expand = (p: string) => (p === "~" || p.startsWith("~/") ? path.join(home, p.slice(1)) : p);
  if (setting) return expand(setting);
  const fromEnv = (env.KUBECONFIG ?? "").split(path.delimiter).find((p) => p.length > 0);
  return fromEnv ? expand(fromEnv) : path.join(home, ".kube", "config");
}

/**
 * The kubeconfig as the stack exports it (for the sweep and the capacity
 * capture): the file's text with `current-context` set to the configured
 * context, so tools that read it talk to the same cluster Pulumi did.
 */
export function withCurrentContext(kubeconfig: string, context: string | undefined): string {
  if (!context) return kubeconfig;
  const doc = parse(kubeconfig) as { contexts?: { name?: string }[]; "current-context"?: string } | null;
  if (!doc || !(doc.contexts ?? []).some((c) => c.name === context)) {
    throw new InputError(`hcpbench:existing.context: must be a context of the kubeconfig (got "${context}")`);
  }
  return stringify({ ...doc, "current-context": context });
}

/** The file's text, or undefined when it is absent (an offline `plan` needs no cluster). */
export function readKubeconfig(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}
