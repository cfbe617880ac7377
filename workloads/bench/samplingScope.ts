import { namespaces } from "../../infra/namespaces";
import type { BackendDescriptor, SharedDatastoreName } from "../../infra/names/backends";
import type { PodGroupSpec } from "../loadgen/job/benchJobSpec";

/**
 * The pods of each shared datastore, by the labels the platform layer gives them (the same
 * selectors its PodMonitors use): the SQL StatefulSets and the T4, NATS and kamaji-etcd charts
 * label `app.kubernetes.io/name`; the MinIO chart labels `app` and `release`.
 */
export const datastorePods: Readonly<Record<SharedDatastoreName, PodGroupSpec>> = {
  postgres: { namespace: namespaces.data, labelSelector: "app.kubernetes.io/name=postgres" },
  mysql: { namespace: namespaces.data, labelSelector: "app.kubernetes.io/name=mysql" },
  minio: { namespace: namespaces.data, labelSelector: "app=minio,release=minio" },
  t4: { namespace: namespaces.data, labelSelector: "app.kubernetes.io/name=t4" },
  nats: { namespace: namespaces.data, labelSelector: "app.kubernetes.io/name=nats" },
  "kamaji-etcd": { namespace: namespaces.kamaji, labelSelector: "app.kubernetes.io/name=kamaji-etcd" },
};

/**
 * Which pods the bench samples as "HCP" and which as "storage", by operator and backend. The HCP
 * labels are the operators' own: k0smotron labels its StatefulSets' pods `app=k0smotron`,
 * `cluster=<name>`, `component=cluster` (the HCP) or `component=etcd` (its per-HCP etcd); Kamaji
 * labels a TenantControlPlane's pods `kamaji.clastix.io/name=<tcp>` (kine runs as a sidecar there).
 * Storage is the backend's shared datastores only: the in-cluster MinIO that also holds results
 * on the existing substrate is not storage for a kine-postgres fleet.
 */
export function samplingScope(backend: Pick<BackendDescriptor, "operator" | "datastores">): { hcp: PodGroupSpec; storage: PodGroupSpec[] } {
  const shared = backend.datastores.map((d) => datastorePods[d]);
  if (backend.operator === "kamaji") {
    return { hcp: { namespace: namespaces.fleet, labelSelector: "kamaji.clastix.io/name", unitLabel: "kamaji.clastix.io/name" }, storage: shared };
  }
  return {
    hcp: { namespace: namespaces.fleet, labelSelector: "app=k0smotron,component=cluster", unitLabel: "cluster" },
    // Without shared datastores, storage is either a per-HCP etcd StatefulSet (etcd) or inside the
    // HCP pod (kine-sqlite, kine-nats-embedded), where this selector finds no pods and reports none.
    storage: shared.length > 0 ? shared : [{ namespace: namespaces.fleet, labelSelector: "app=k0smotron,component=etcd", unitLabel: "cluster" }],
  };
}
