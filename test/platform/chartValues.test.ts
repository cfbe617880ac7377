import Ajv from "ajv";
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../infra/config/stackFiles";
import { certManagerRelease } from "../../infra/platform/certManager/certManagerRelease";
import { minioRelease } from "../../infra/platform/datastores/minioRelease";
import { natsRelease } from "../../infra/platform/datastores/natsRelease";
import { t4Release } from "../../infra/platform/datastores/t4Release";
import type { HelmReleaseSpec } from "../../infra/platform/helmReleaseSpec";
import { kamajiEtcdRelease } from "../../infra/platform/kamaji/kamajiEtcdRelease";
import { kamajiRelease } from "../../infra/platform/kamaji/kamajiRelease";
import { metricsServerRelease } from "../../infra/platform/metricsServer/metricsServerRelease";
import { kubePrometheusStackRelease } from "../../infra/platform/monitoring/kubePrometheusStackRelease";
import { placementFor } from "../../infra/substrate/pools";
import { chartDefaults, chartFixtures, fixturePath, mergeValues, unknownKeysOf } from "./chartDefaults";

/*
 * Every key hcpbench sets in a chart's values must exist in that chart
 * version's default values.yaml (test/fixtures/charts, see SOURCES.txt):
 * Helm ignores an unknown key silently, so a typo or a key renamed upstream
 * would otherwise deploy the chart's default without a word.
 */
const cfg = parseConfig({ fleet: { backend: "kamaji-etcd", count: 100 } });
const control = placementFor("control");

const releases: HelmReleaseSpec[] = [
  certManagerRelease(control),
  kamajiRelease(cfg, control),
  kamajiEtcdRelease(control, "io2"),
  metricsServerRelease(control, { verifyKubeletTls: true }),
  kubePrometheusStackRelease(control, "gp3"),
  minioRelease({ cfg, placement: control, storageClass: "gp3", resultsBucket: "hcpbench-results" }),
  t4Release(cfg, control, "io2"),
  natsRelease(control, "io2"),
];

describe.each(releases.map((r) => [r.name, r] as const))("%s chart values", (_name, release) => {
  it("set only keys the pinned chart version has", () => {
    expect(unknownKeysOf(release)).toEqual([]);
  });

  it("pin the chart version the fixture was taken from", () => {
    expect(release.version).toBe(chartFixtures[release.name].version);
  });
});

describe("the key check itself", () => {
  it("reports a misspelt key, a key under a known map, and a subchart key that exists nowhere", () => {
    const kps = releases.find((r) => r.name === "kube-prometheus-stack")!;
    const broken = {
      ...kps.values,
      alertmanger: { enabled: false },
      prometheus: { prometheusSpec: { retentionTime: "1d" } },
      grafana: { sidecar: { dashbords: { enabled: true } } },
    };
    expect(unknownKeysOf({ name: kps.name, values: broken }).sort()).toEqual(["alertmanger", "grafana.sidecar.dashbords", "prometheus.prometheusSpec.retentionTime"]);
  });
});

describe("cert-manager values", () => {
  it("pass the chart's values.schema.json once merged over the defaults, as Helm checks them", () => {
    const schema = JSON.parse(fs.readFileSync(fixturePath("cert-manager-v1.21.1.values.schema.json"), "utf8"));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const merged = mergeValues(chartDefaults("cert-manager-v1.21.1.values.yaml"), certManagerRelease(control).values);
    expect(validate(merged), JSON.stringify(validate.errors)).toBe(true);
    // The schema is strict, so a stray key fails it: the check can fail.
    expect(validate(mergeValues(merged, { webhook: { nodeSelectr: {} } }))).toBe(false);
  });
});
