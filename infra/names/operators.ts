import type { OperatorName } from "./backends";

/**
 * Kubernetes minor versions each operator release can run as a hosted control
 * plane; a stack asking for another version fails at plan time instead of at
 * reconcile time.
 *
 * - k0smotron v2.1.0 runs whatever k0s image `spec.version` names and has no
 *   ceiling of its own; the newest k0s at its release is v1.36 (the k0s
 *   ClusterConfig CRD in test/fixtures/crds is from k0s v1.36.3+k0s.2).
 * - Kamaji edge refuses a TenantControlPlane above its kubeadm version
 *   (`internal/upgrade/kubeadm_version.go`, checked by the TCP version
 *   webhook): v1.36.0 for the 26.8 edge releases (26.9.3-edge moved it to
 *   1.37). It enforces no floor.
 * The floor, 1.30, is hcpbench's own: older minors are long out of upstream
 * support and were never part of the study.
 */
export interface OperatorSupport {
  readonly name: OperatorName;
  readonly release: string;
  readonly minMinor: number;
  readonly maxMinor: number;
}

export const operatorSupport: Record<OperatorName, OperatorSupport> = {
  k0smotron: { name: "k0smotron", release: "v2.1.0", minMinor: 30, maxMinor: 36 },
  kamaji: { name: "kamaji", release: "26.8.2-edge", minMinor: 30, maxMinor: 36 },
};

/** "1.33.4" or "v1.33.4" -> 33; undefined when the string is not a 1.x.y version. */
export function kubernetesMinor(version: string): number | undefined {
  const m = /^v?1\.(\d+)\.(\d+)$/.exec(version);
  return m ? Number(m[1]) : undefined;
}

/** "1.33.4" -> "v1.33.4", the form both operators' APIs use. */
export function kubernetesVersionTag(version: string): string {
  return version.startsWith("v") ? version : `v${version}`;
}

/**
 * The k0s release of a Kubernetes version, as k0s image tags spell it
 * (`v1.33.4-k0s.0`). k0smotron's webhook would append `-k0s.0` itself, with a
 * warning; writing it keeps `spec.version` exactly what runs.
 */
export function k0sVersion(kubernetesVersion: string): string {
  return `${kubernetesVersionTag(kubernetesVersion)}-k0s.0`;
}
