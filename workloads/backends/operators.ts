import type { OperatorName } from "./backendDescriptor";

/**
 * Kubernetes minor versions each operator release can run as a hosted control
 * plane. Checked against the operator's release notes; a stack asking for
 * another version fails at plan time instead of at reconcile time.
 */
export interface OperatorSupport {
  readonly name: OperatorName;
  readonly release: string;
  readonly minMinor: number;
  readonly maxMinor: number;
}

export const operatorSupport: Record<OperatorName, OperatorSupport> = {
  k0smotron: { name: "k0smotron", release: "v2.1.0", minMinor: 30, maxMinor: 34 },
  kamaji: { name: "kamaji", release: "26.8.2-edge", minMinor: 30, maxMinor: 34 },
};

/** "1.33.4" or "v1.33.4" -> 33; undefined when the string is not a 1.x.y version. */
export function kubernetesMinor(version: string): number | undefined {
  const m = /^v?1\.(\d+)\.(\d+)$/.exec(version);
  return m ? Number(m[1]) : undefined;
}
