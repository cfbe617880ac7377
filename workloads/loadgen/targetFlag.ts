import * as fs from "node:fs";
import { InputError } from "../../infra/names/inputError";
import { etcdEndpoint } from "./drivers/driverFactory";
import type { LoadTarget } from "./loadgenOptions";

/**
 * `--target` values: `etcd=host:port` for an etcd v3 gRPC endpoint (etcd,
 * kine, anything serving etcd's API; `etcd=http://host:port` is accepted too), anything
 * else is a kubeconfig path (with --context/--server applying to it).
 */
export function parseTargetFlag(value: string, kube: { context?: string; server?: string } = {}): LoadTarget {
  if (value.startsWith("etcd=")) {
    return { kind: "etcd", endpoint: etcdEndpoint(value.slice("etcd=".length)) };
  }
  if (!value) throw new InputError("--target: give a kubeconfig path or etcd=host:port");
  if (!fs.existsSync(value)) throw new InputError(`--target: kubeconfig ${value} does not exist (for etcd, write etcd=host:port)`);
  return { kind: "kubernetes", kubeconfig: value, ...(kube.context ? { context: kube.context } : {}), ...(kube.server ? { server: kube.server } : {}) };
}
