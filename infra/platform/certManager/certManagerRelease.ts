import { namespaces } from "../../namespaces";
import type { Placement } from "../../substrate/substrate";
import { charts, type HelmReleaseSpec } from "../helmReleaseSpec";
import { placementValues } from "../podPlacement";

/**
 * cert-manager with its CRDs: k0smotron's webhook certificate and kamaji-etcd's
 * certificates are issued by it, and the HCP monitors use it for client certificates.
 * Every component sits on the control pool; `crds.keep` leaves the CRDs (and so every
 * Certificate) in place if the release is ever uninstalled on its own.
 */
export function certManagerRelease(placement: Placement): HelmReleaseSpec {
  const where = placementValues(placement);
  return {
    name: "cert-manager",
    namespace: namespaces.certManager,
    ...charts.certManager,
    timeoutSeconds: 600,
    values: {
      crds: { enabled: true, keep: true },
      global: { nodeSelector: where.nodeSelector },
      resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
      ...where,
      webhook: { ...where, resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } } },
      cainjector: { ...where, resources: { requests: { cpu: "20m", memory: "128Mi" }, limits: { memory: "512Mi" } } },
      startupapicheck: { ...where },
      prometheus: { enabled: true },
    },
  };
}
