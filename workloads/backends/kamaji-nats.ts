import { namespaces } from "../../infra/namespaces";
import { hostPort, kamajiDataStore } from "../fleet/kamajiDataStore";
import { required, type Backend } from "./backend";
import { tenantHcp } from "./kamajiBackends";
import { backendDescriptor } from "../../infra/names/backends";

/**
 * Kamaji's NATS driver cannot create users, so a NATS DataStore may serve only
 * one TenantControlPlane (clastix/kamaji#445; its webhook refuses a second).
 * Each HCP therefore gets its own DataStore on the one shared NATS server;
 * Kamaji keeps each tenant in its own JetStream KV bucket.
 */
export function natsDataStoreName(hcpName: string): string {
  return `hcpbench-kamaji-nats-${hcpName}`;
}


export const kamajiNatsBackend: Backend = {
  ...backendDescriptor("kamaji-nats"),
  fleetObjects: () => [],
  hcpObjects: (hcp, ctx) => {
    // Kamaji's DataStore needs basic auth (or TLS) for every driver but etcd: the server's login Secret.
    const server = required(ctx.platform.nats, "NATS server", "kamaji-nats");
    const secret = (keyPath: string) => ({ name: server.adminSecretName, namespace: namespaces.data, keyPath });
    const dataStore = kamajiDataStore({
      name: natsDataStoreName(hcp.name),
      backend: "kamaji-nats",
      driver: "NATS",
      endpoints: [hostPort(server.url)],
      auth: { kind: "basicAuth", username: secret("username"), password: secret("password") },
    });
    return { hcp: tenantHcp(hcp, ctx, dataStore.metadata.name, true), companions: [dataStore] };
  },
};
