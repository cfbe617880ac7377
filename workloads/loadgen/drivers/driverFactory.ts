import { InputError } from "../../../infra/names/inputError";
import type { LoadTarget } from "../loadgenOptions";
import type { DriverSettings } from "./driverSettings";
import { EtcdDriver } from "./etcd/etcdDriver";
import { loadKubeconfig, type KubeConnection } from "./kubernetes/kubeconfig";
import { KubernetesDriver } from "./kubernetes/kubernetesDriver";
import type { StoreDriver } from "./storeDriver";

/** A target with its credentials resolved: plain data, so a worker thread can build its own driver from it. */
export type DriverSpec =
  | { readonly kind: "kubernetes"; readonly label: string; readonly connection: KubeConnection }
  | { readonly kind: "etcd"; readonly label: string; readonly endpoint: string; readonly prefix: string };

/**
 * host:port of an etcd gRPC listener, from `host:port` or `http://host:port`
 * (the scheme is accepted for old command lines; the driver speaks plaintext gRPC).
 */
export function etcdEndpoint(value: string): string {
  const m = /^(?:http:\/\/)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/?$/.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new InputError(`--target: etcd endpoint must be host:port of etcd's gRPC listener, e.g. etcd=127.0.0.1:2379 (got "${value}")`);
  return `${m[1]}:${m[2]}`;
}

export async function resolveTarget(target: LoadTarget): Promise<DriverSpec> {
  if (target.kind === "etcd") {
    const endpoint = etcdEndpoint(target.endpoint);
    const prefix = target.prefix ?? "/registry";
    if (!prefix.startsWith("/")) throw new InputError(`--target: etcd key prefix must start with "/" (got "${prefix}")`);
    return { kind: "etcd", label: target.name ?? endpoint, endpoint, prefix };
  }
  const connection = await loadKubeconfig(target.kubeconfig, { context: target.context, server: target.server });
  return { kind: "kubernetes", label: target.name ?? connection.server, connection };
}

export function createDriver(spec: DriverSpec, settings: DriverSettings): StoreDriver {
  return spec.kind === "etcd" ? new EtcdDriver(spec.endpoint, spec.prefix, settings, spec.label) : new KubernetesDriver(spec.connection, settings, spec.label);
}
