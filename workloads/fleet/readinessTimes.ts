import { k0smotronFunctionalCondition } from "./readinessAnnotations";

/**
 * Creation and Ready times of each HCP, read from the live custom resources
 * (`kubectl get clusters.k0smotron.io,tenantcontrolplanes -o json` items).
 * The capacity measurement uses these instead of client-side clocks, so the
 * figures do not depend on where or when they are collected.
 *
 * - k0smotron `Cluster` (v1beta2): Ready when the `ControlPlaneFunctional`
 *   condition is True (what `pulumi up` waits for, see readinessAnnotations.ts);
 *   Ready time = that condition's lastTransitionTime.
 * - Kamaji `TenantControlPlane`: Ready when
 *   `status.kubernetesResources.version.status` is "Ready"; the TCP status
 *   carries no timestamp of that, so Ready time = the lastTransitionTime of
 *   the control-plane Deployment's `Available` condition, which Kamaji mirrors
 *   into `status.kubernetesResources.deployment.conditions` (the moment the
 *   API server pods serve).
 */
export interface HcpReadiness {
  readonly name: string;
  readonly namespace: string;
  readonly kind: "Cluster" | "TenantControlPlane";
  /** ISO 8601, from metadata.creationTimestamp. */
  readonly createdAt: string;
  /** ISO 8601; undefined while not Ready. */
  readonly readyAt?: string;
  /** readyAt - createdAt in seconds; undefined while not Ready. */
  readonly secondsToReady?: number;
}

interface Condition {
  readonly type?: unknown;
  readonly status?: unknown;
  readonly lastTransitionTime?: unknown;
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function trueSince(conditions: unknown, type: string): string | undefined {
  const c = list(conditions).map((x) => x as Condition).find((x) => x.type === type && x.status === "True");
  return typeof c?.lastTransitionTime === "string" ? c.lastTransitionTime : undefined;
}

function readyAt(kind: HcpReadiness["kind"], status: Json): string | undefined {
  if (kind === "Cluster") return trueSince(status.conditions, k0smotronFunctionalCondition);
  const resources = obj(status.kubernetesResources);
  if (obj(resources.version).status !== "Ready") return undefined;
  return trueSince(obj(resources.deployment).conditions, "Available");
}

function seconds(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 1000;
}

/** One entry per HCP object (others are skipped), in input order. Throws on an HCP without a creation timestamp: that is not a live object. */
export function readinessTimes(objects: readonly unknown[]): HcpReadiness[] {
  const out: HcpReadiness[] = [];
  for (const o of objects) {
    const item = obj(o);
    const kind = item.kind;
    if (kind !== "Cluster" && kind !== "TenantControlPlane") continue;
    const meta = obj(item.metadata);
    const name = String(meta.name ?? "");
    const createdAt = meta.creationTimestamp;
    if (typeof createdAt !== "string" || Number.isNaN(Date.parse(createdAt))) {
      throw new Error(`readinessTimes: ${kind} ${name} has no metadata.creationTimestamp; pass objects read from the cluster`);
    }
    const ready = readyAt(kind, obj(item.status));
    out.push({
      name,
      namespace: String(meta.namespace ?? ""),
      kind,
      createdAt,
      ...(ready ? { readyAt: ready, secondsToReady: seconds(createdAt, ready) } : {}),
    });
  }
  return out;
}
