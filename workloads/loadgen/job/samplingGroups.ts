import type { PodGroup } from "../../samplers/podMetricsSampler";
import type { BenchJobSpec, HcpSpec } from "./benchJobSpec";

/**
 * The pod groups to sample for one point: the whole fleet for mixed-* profiles, or only the
 * targeted HCP's pods (and its own etcd, when each HCP has one) for single-HCP profiles. A shared
 * datastore has no per-HCP label and is sampled whole either way: all of it serves the load.
 */
export function samplingGroupsFor(sampling: BenchJobSpec["sampling"], target: HcpSpec | "fleet"): { hcp: PodGroup; storage: PodGroup[] } {
  const narrow = (g: PodGroup): PodGroup => {
    if (target === "fleet" || !g.unitLabel) return g;
    const only = `${g.unitLabel}=${target.name}`;
    return { ...g, labelSelector: g.labelSelector ? `${g.labelSelector},${only}` : only };
  };
  return { hcp: narrow(sampling.hcp), storage: sampling.storage.map(narrow) };
}
