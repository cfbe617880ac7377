import { startLabEtcd } from "../storage/etcdServer";
import type { LabBackend } from "./labBackend";

/** One etcd shared by every HCP, each under its own --etcd-prefix, as Kamaji's and k0smotron's shared etcd is. */
export const etcdBackend: LabBackend = {
  name: "etcd",
  binaries: ["etcd"],
  async plan(ports) {
    const p = { client: ports.take("etcd client"), peer: ports.take("etcd peer") };
    return {
      async start(run) {
        const etcd = await startLabEtcd(run, "etcd", p);
        return {
          async storageFor(_run, hcp) {
            const prefix = `/${hcp}`;
            return { etcdServers: etcd.endpoint, etcdPrefix: prefix, storage: { kind: "etcd", endpoint: etcd.endpoint, prefix } };
          },
        };
      },
    };
  },
};
