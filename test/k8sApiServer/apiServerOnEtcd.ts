import { startEtcd, type EtcdServer } from "../servers/realServers";
import { EtcdKvStore } from "./etcdKvStore";
import { K8sApiServer, type K8sApiServerOptions } from "./k8sApiServer";

export interface ApiServerOnEtcd {
  readonly etcd: EtcdServer;
  readonly api: K8sApiServer;
  readonly store: EtcdKvStore;
  stop(): Promise<void>;
}

/** A real etcd (Debian's 3.4) with the test API server in front of it. */
export async function startApiServerOnEtcd(opts: Omit<K8sApiServerOptions, "store"> = {}): Promise<ApiServerOnEtcd> {
  const etcd = await startEtcd();
  const store = new EtcdKvStore(etcd.endpoint);
  const api = await K8sApiServer.start({ ...opts, store });
  return {
    etcd,
    api,
    store,
    stop: async () => {
      await api.stop();
      await store.close();
      await etcd.stop();
    },
  };
}
