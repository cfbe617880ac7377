import { describe, expect, it } from "vitest";
import { parseConfig } from "../config/stackFiles";
import { chartArchiveProblems } from "../../scripts/automation/chartArchivePreflight";
import { chartLocation, helmPullCommand } from "./chartSource";
import { charts } from "./helmReleaseSpec";
import { installedCharts } from "./installedCharts";

const local = (extra: Record<string, unknown> = {}, backend = "kine-postgres") =>
  parseConfig({ substrate: "existing", fleet: { backend, count: 3 }, platform: { chartSource: { folder: "/srv/charts" }, ...extra } });
const paths = (cfg: ReturnType<typeof local>) => installedCharts(cfg).map(({ chart }) => chartLocation(chart, cfg.platform.chartSource).chart);

describe("chart source", () => {
  it("takes each chart from its repository by default, as pinned", () => {
    expect(chartLocation(charts.certManager, undefined)).toEqual({ chart: "cert-manager", version: "v1.21.1", repo: "https://charts.jetstack.io" });
    expect(chartLocation(charts.t4, undefined)).toEqual({ chart: "oci://ghcr.io/t4db/charts/t4", version: "0.5.4" });
  });

  it("takes every release of a kine-postgres stack from the archives helm pull names <chart>-<version>.tgz", () => {
    expect(paths(local())).toEqual([
      "/srv/charts/cert-manager-v1.21.1.tgz",
      "/srv/charts/metrics-server-3.13.1.tgz",
      "/srv/charts/kube-prometheus-stack-88.5.3.tgz",
      "/srv/charts/minio-5.4.0.tgz",
    ]);
    expect(chartLocation(charts.certManager, { folder: "/srv/charts" })).toEqual({ chart: "/srv/charts/cert-manager-v1.21.1.tgz", version: "v1.21.1" });
  });

  it("names an OCI chart's archive after the last element of its reference, and keeps Kamaji's build metadata", () => {
    expect(paths(local({}, "kamaji-etcd"))).toContain("/srv/charts/kamaji-0.0.0+latest.tgz");
    expect(paths(local({}, "kamaji-etcd"))).toContain("/srv/charts/kamaji-etcd-0.17.0.tgz");
    expect(paths(local({}, "t4-standalone"))).toContain("/srv/charts/t4-0.5.4.tgz");
    expect(paths(local({}, "kamaji-nats"))).toContain("/srv/charts/nats-2.14.2.tgz");
  });

  it("leaves out the charts of components set to present", () => {
    expect(paths(local({ components: { certManager: "present", monitoring: "present", metricsServer: "present", minio: "present" } }))).toEqual([]);
    expect(paths(local({ components: { operator: "present" } }, "kamaji-etcd"))).not.toContain("/srv/charts/kamaji-0.0.0+latest.tgz");
  });

  it("prints the helm pull that fetches a missing archive, for a repository and for an OCI registry", () => {
    expect(helmPullCommand(charts.minio)).toBe("helm pull minio --repo https://charts.min.io/ --version 5.4.0");
    expect(helmPullCommand(charts.t4)).toBe("helm pull oci://ghcr.io/t4db/charts/t4 --version 0.5.4");
    const have = new Set(["/srv/charts/cert-manager-v1.21.1.tgz", "/srv/charts/metrics-server-3.13.1.tgz", "/srv/charts/minio-5.4.0.tgz"]);
    expect(chartArchiveProblems("local", local(), (f) => have.has(f))).toEqual([
      "stack local: hcpbench:platform.chartSource.folder: /srv/charts/kube-prometheus-stack-88.5.3.tgz is missing; fetch it into /srv/charts with: " +
        "helm pull kube-prometheus-stack --repo https://prometheus-community.github.io/helm-charts --version 88.5.3",
    ]);
    expect(chartArchiveProblems("local", parseConfig({ substrate: "existing", fleet: { backend: "etcd", count: 1 } }), () => false)).toEqual([]);
  });
});

describe("platform settings", () => {
  it("refuse present on AWS and a relative chart folder, naming the setting", () => {
    expect(() => parseConfig({ fleet: { backend: "etcd", count: 1 }, platform: { components: { monitoring: "present" } } })).toThrow(
      /^hcpbench:platform\.components\.monitoring: must be "install" on substrate aws/,
    );
    expect(() => local({ components: { monitoring: "there" } })).toThrow(/^hcpbench:platform\.components\.monitoring: must be one of install, present \(got "there"\)$/);
    expect(() => parseConfig({ substrate: "existing", fleet: { backend: "etcd", count: 1 }, platform: { chartSource: { folder: "charts" } } })).toThrow(
      /^hcpbench:platform\.chartSource\.folder: must be an absolute path \(got "charts"\)$/,
    );
    expect(() => local({ components: { grafana: "present" } })).toThrow(/^hcpbench:platform\.components\.grafana: unknown setting$/);
  });
});
