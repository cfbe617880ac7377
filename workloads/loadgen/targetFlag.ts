import * as fs from "node:fs";
import { InputError } from "../../infra/names/inputError";
import type { LoadTarget } from "./loadgenOptions";

/**
 * `--target` values: `etcd=http://host:port` for an etcd endpoint, anything
 * else is a kubeconfig path (with --context/--server applying to it).
 */
export function parseTargetFlag(value: string, kube: { context?: string; server?: string } = {}): LoadTarget {
  if (value.startsWith("etcd=")) {
    const endpoint = value.slice("etcd=".length);
    if (!/^http:\/\/[^\s/]+(:\d+)?\/?$/.test(endpoint)) throw new InputError(`--target: etcd endpoint must look like etcd=http://host:port (got "${value}")`);
    return { kind: "etcd", endpoint };
  }
  if (!value) throw new InputError("--target: give a kubeconfig path or etcd=http://host:port");
  if (!fs.existsSync(value)) throw new InputError(`--target: kubeconfig ${value} does not exist (for etcd, write etcd=http://host:port)`);
  return { kind: "kubernetes", kubeconfig: value, ...(kube.context ? { context: kube.context } : {}), ...(kube.server ? { server: kube.server } : {}) };
}
