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

export async function resolveTarget(target: LoadTarget): Promise<DriverSpec> {
  if (target.kind === "etcd") {
    let url: URL;
    try {
      url = new URL(target.endpoint);
    } catch {
      throw new InputError(`--target: etcd endpoint must be a URL such as http://127.0.0.1:2379 (got "${target.endpoint}")`);
    }
    if (url.protocol !== "http:") throw new InputError(`--target: etcd endpoint must be http:// (the JSON gateway without TLS; got "${target.endpoint}")`);
    const prefix = target.prefix ?? "/registry";
    if (!prefix.startsWith("/")) throw new InputError(`--target: etcd key prefix must start with "/" (got "${prefix}")`);
    return { kind: "etcd", label: target.name ?? url.origin, endpoint: url.origin, prefix };
  }
  const connection = await loadKubeconfig(target.kubeconfig, { context: target.context, server: target.server });
  return { kind: "kubernetes", label: target.name ?? connection.server, connection };
}

export function createDriver(spec: DriverSpec, settings: DriverSettings): StoreDriver {
  return spec.kind === "etcd" ? new EtcdDriver(spec.endpoint, spec.prefix, settings, spec.label) : new KubernetesDriver(spec.connection, settings, spec.label);
}
