import type { Placement } from "../substrate/substrate";

/** Plain, mutable copies of a placement, in the shape every chart and pod spec takes. */
export function placementValues(placement: Placement): { nodeSelector: Record<string, string>; tolerations: Record<string, string>[] } {
  return {
    nodeSelector: { ...placement.nodeSelector },
    tolerations: placement.tolerations.map((t) => ({ ...t })),
  };
}
