import type { Config } from "../config/schema";
import type { PlatformComponentName } from "../names/platformComponents";
import { charts } from "./helmReleaseSpec";
import { platformPieces } from "./platformPieces";

export type PinnedChart = (typeof charts)[keyof typeof charts];

/**
 * The charts a stack installs, by component: the Helm releases the platform
 * registers for this backend with the components set to `install`. A cluster
 * you bring keeps its results in the platform's MinIO, so MinIO counts there.
 */
export function installedCharts(cfg: Config): { component: PlatformComponentName; chart: PinnedChart }[] {
  const pieces = platformPieces(cfg, { kind: cfg.substrate === "existing" ? "minio" : "s3" });
  const wanted: [PlatformComponentName, boolean, PinnedChart][] = [
    ["certManager", true, charts.certManager],
    ["metricsServer", true, charts.metricsServer],
    ["monitoring", true, charts.kubePrometheusStack],
    ["operator", pieces.operator === "kamaji", charts.kamaji],
    ["kamajiEtcd", pieces.kamajiEtcd, charts.kamajiEtcd],
    ["minio", pieces.minio, charts.minio],
    ["t4", pieces.t4, charts.t4],
    ["nats", pieces.nats, charts.nats],
  ];
  return wanted.filter(([component, used]) => used && cfg.platform.components[component] === "install").map(([component, , chart]) => ({ component, chart }));
}
