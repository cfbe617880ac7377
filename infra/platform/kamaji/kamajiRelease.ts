import type { Config } from "../../config/schema";
import { namespaces } from "../../namespaces";
import type { Placement } from "../../substrate/substrate";
import { operatorSupport } from "../../names/operators";
import { charts, type HelmReleaseSpec } from "../helmReleaseSpec";
import { placementValues } from "../podPlacement";

/** Kamaji's built-in default (rancher/kine:v0.11.10-amd64) predates two years of kine fixes; the TCPs' kine sidecars use this one. */
export const kineImage = "rancher/kine:v0.14.14";

/**
 * Kamaji operator resources for 100 TCPs. Kamaji's own benchmark saw about
 * 600 MiB and bursts to 1.2 CPU (certificate generation) at 100 TCPs; the
 * chart's 100Mi / 200m limits would OOM-kill and throttle it.
 */
export const kamajiResources = { requests: { cpu: "1", memory: "768Mi" }, limits: { cpu: "2", memory: "1536Mi" } };

/**
 * Kamaji from its chart. clastix publishes edge releases without a chart of
 * their own: CI pushes one moving chart, `0.0.0+latest`, which upstream says is
 * not a production artefact for lack of pinning (clastix/kamaji#805); the
 * numbered charts stop at the outdated v1.0.0 line. So the image tag is what
 * pins the release, and the chart's values are checked by the chart tests. It reconciles as many TCPs at once as the
 * fleet creates at once (one by default), so the operator does not serialise
 * the creation waves being measured. No default DataStore: every TCP names
 * its own, and kamaji-etcd, when used, is a separate pinned release.
 */
export function kamajiRelease(cfg: Config, placement: Placement): HelmReleaseSpec {
  return {
    name: "kamaji",
    namespace: namespaces.kamaji,
    ...charts.kamaji,
    timeoutSeconds: 600,
    values: {
      image: { tag: operatorSupport.kamaji.release, pullPolicy: "IfNotPresent" },
      extraArgs: [`--kine-image=${kineImage}`, `--max-concurrent-tcp-reconciles=${cfg.fleet.parallelism}`],
      resources: kamajiResources,
      ...placementValues(placement),
      defaultDatastoreName: "",
      // A benchmark test-bed has no business phoning home.
      telemetry: { disabled: true },
      "kamaji-etcd": { deploy: false },
    },
  };
}
