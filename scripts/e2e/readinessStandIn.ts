/**
 * STAND-IN for the status the operators write once an HCP serves, for the e2e
 * only: kwok's pods never serve and the operators cannot be built here (see
 * kamajiFinalizerStandIn.ts), so nothing would ever make an HCP Ready. It
 * writes, through the status subresource and after a delay, what upstream's
 * controllers write: k0smotron v2's `ControlPlaneFunctional` condition True on
 * a Cluster, Kamaji's `status.kubernetesResources.version.status` Ready on a
 * TenantControlPlane. With `fleet.awaitReady=true` the real kubernetes
 * provider must then hold each HCP's create until it, and only it, is written.
 */
import { CustomObjectsApi, type KubeConfig } from "@kubernetes/client-node";
import { k0smotronFunctionalCondition } from "../../workloads/fleet/readinessAnnotations";
import { pollLoop } from "./kubeApi";

export type HcpResource = "clusters" | "tenantcontrolplanes";

const api = {
  clusters: { group: "k0smotron.io", version: "v1beta2" },
  tenantcontrolplanes: { group: "kamaji.clastix.io", version: "v1alpha1" },
} as const;

/** The status a Ready HCP of each kind carries, as its operator writes it. */
export function readyStatus(plural: HcpResource, at: Date): Record<string, unknown> {
  return plural === "clusters"
    ? { conditions: [{ type: k0smotronFunctionalCondition, status: "True", reason: "StandIn", message: "written by the e2e's readiness stand-in", lastTransitionTime: at.toISOString().replace(/\.\d+Z$/, "Z") }] }
    : { kubernetesResources: { version: { status: "Ready" } } };
}

export interface ReadinessStandIn {
  /** When each HCP was marked Ready, by name. */
  readonly readyAt: ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

export function startReadinessStandIn(kc: KubeConfig, namespace: string, plural: HcpResource, delayMs: number, pollMs = 200): ReadinessStandIn {
  const custom = kc.makeApiClient(CustomObjectsApi);
  const seen = new Map<string, number>();
  const readyAt = new Map<string, number>();
  const loop = pollLoop(async () => {
    const list = (await custom.listNamespacedCustomObject({ ...api[plural], namespace, plural }).catch(() => ({ items: [] }))) as { items: { metadata: { name: string } }[] };
    for (const { metadata } of list.items) {
      if (!seen.has(metadata.name)) seen.set(metadata.name, Date.now());
      if (readyAt.has(metadata.name) || Date.now() - seen.get(metadata.name)! < delayMs) continue;
      const body = [{ op: "add", path: "/status", value: readyStatus(plural, new Date()) }];
      await custom.patchNamespacedCustomObjectStatus({ ...api[plural], namespace, plural, name: metadata.name, body }).then(
        () => readyAt.set(metadata.name, Date.now()),
        () => undefined,
      );
    }
  }, pollMs);
  return { readyAt, stop: () => loop.stop() };
}
