/**
 * STAND-IN for the Kamaji controller's TenantControlPlane finalizer, for the
 * e2e only. The Go module proxy serves no Kamaji release hcpbench pins
 * (26.8.2-edge), so the real controller cannot run here; this reproduces the
 * one behaviour `destroy` ordering depends on, as upstream's controller does
 * it: it adds `finalizer.kamaji.clastix.io` to every TenantControlPlane, and on
 * deletion removes it only once it could log in to the tenant's DataStore to
 * drop the tenant's database, that is once the DataStore, its basicAuth
 * Secret and the Service its endpoint names all still exist. Without them the
 * real controller requeues forever and the TenantControlPlane never goes.
 */
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from "@kubernetes/client-node";
import { hasStatus, pollLoop } from "./kubeApi";

export const kamajiTcpFinalizer = "finalizer.kamaji.clastix.io";

const group = "kamaji.clastix.io";
const version = "v1alpha1";

interface Tcp {
  metadata: { name: string; finalizers?: string[]; deletionTimestamp?: string };
  spec?: { dataStore?: string };
}
interface DataStore {
  spec?: { endpoints?: string[]; basicAuth?: { password?: { secretReference?: { name: string; namespace: string } } } };
}

export interface FinalizerStandIn {
  /** Each distinct reason a finalizer could not be removed, as the controller would log it. */
  readonly blocked: readonly string[];
  readonly finalized: readonly string[];
  stop(): Promise<void>;
}

const notFound = (err: unknown) => hasStatus(err, 404);

export function startKamajiFinalizerStandIn(kc: KubeConfig, namespace: string, pollMs = 300): FinalizerStandIn {
  const custom = kc.makeApiClient(CustomObjectsApi);
  const core = kc.makeApiClient(CoreV1Api);
  const blocked = new Set<string>();
  const finalized: string[] = [];

  /** Why the tenant's database cannot be dropped now, or undefined when it can. */
  async function loginProblem(tcp: Tcp): Promise<string | undefined> {
    const name = tcp.spec?.dataStore;
    if (!name) return "no spec.dataStore";
    const ds = (await custom.getClusterCustomObject({ group, version, plural: "datastores", name }).catch((err: unknown) => (notFound(err) ? undefined : Promise.reject(err)))) as DataStore | undefined;
    if (!ds) return `DataStore ${name} is gone`;
    const ref = ds.spec?.basicAuth?.password?.secretReference;
    if (ref && !(await core.readNamespacedSecret({ name: ref.name, namespace: ref.namespace }).catch(() => undefined))) return `DataStore ${name}: Secret ${ref.namespace}/${ref.name} is gone, so it cannot log in`;
    const host = ds.spec?.endpoints?.[0]?.split(":")[0] ?? "";
    const [svc, svcNs] = host.split(".");
    if (svc && svcNs && !(await core.readNamespacedService({ name: svc, namespace: svcNs }).catch(() => undefined))) return `DataStore ${name}: Service ${svcNs}/${svc} is gone, so ${host} does not resolve`;
    return undefined;
  }

  async function once(): Promise<void> {
    const list = (await custom.listNamespacedCustomObject({ group, version, namespace, plural: "tenantcontrolplanes" }).catch((err: unknown) => (notFound(err) ? { items: [] } : Promise.reject(err)))) as { items: Tcp[] };
    for (const tcp of list.items) {
      const fins = tcp.metadata.finalizers ?? [];
      const has = fins.includes(kamajiTcpFinalizer);
      if (!tcp.metadata.deletionTimestamp && !has) {
        const body = fins.length === 0 ? [{ op: "add", path: "/metadata/finalizers", value: [kamajiTcpFinalizer] }] : [{ op: "add", path: "/metadata/finalizers/-", value: kamajiTcpFinalizer }];
        await custom.patchNamespacedCustomObject({ group, version, namespace, plural: "tenantcontrolplanes", name: tcp.metadata.name, body }).catch(() => undefined);
      } else if (tcp.metadata.deletionTimestamp && has) {
        const problem = await loginProblem(tcp);
        if (problem) {
          blocked.add(`TenantControlPlane ${namespace}/${tcp.metadata.name}: ${problem}`);
          continue;
        }
        const body = [
          { op: "test", path: "/metadata/finalizers", value: fins },
          { op: "replace", path: "/metadata/finalizers", value: fins.filter((f) => f !== kamajiTcpFinalizer) },
        ];
        await custom.patchNamespacedCustomObject({ group, version, namespace, plural: "tenantcontrolplanes", name: tcp.metadata.name, body }).then(
          () => finalized.push(tcp.metadata.name),
          () => undefined,
        );
      }
    }
  }

  const loop = pollLoop(once, pollMs);
  return {
    get blocked() {
      return [...blocked];
    },
    finalized,
    stop: () => loop.stop(),
  };
}
