import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { poolLabel } from "../../infra/namespaces";
import { placementFor } from "../../infra/substrate/pools";
import { backendNames } from "../../infra/names/backends";
import { chartDefaults, chartFixtures, fixturePath, mergeValues } from "./chartDefaults";
import { evaluatePlatform, type Registered } from "./platformUnderMocks";

/*
 * Every platform workload lands on the control pool and every database on its
 * own pool, tolerating that pool's taint. For charts, every scheduling key the
 * chart has (test/fixtures/charts/SCHEDULING_KEYS.txt, extracted from the
 * pinned values files) must carry the control placement, unless the component
 * behind it is off or must run everywhere; those exceptions are listed here.
 */

/** chart values file -> its nodeSelector/tolerations key paths. */
function schedulingKeys(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let file = "";
  for (const line of fs.readFileSync(fixturePath("SCHEDULING_KEYS.txt"), "utf8").split("\n")) {
    if (/^\S+\.yaml$/.test(line)) out[(file = line)] = [];
    else if (line.trim()) out[file].push(line.trim().split(" = ")[0]);
  }
  return out;
}

/** Scheduling keys left alone, each with the values path that proves its component off (must be false), or why it runs everywhere. */
const exempt: Record<string, { off: string } | { why: string }> = {
  "kube-prometheus-stack:crds.upgradeJob": { off: "crds.upgradeJob.enabled" },
  "kube-prometheus-stack:alertmanager.alertmanagerSpec": { off: "alertmanager.enabled" },
  "kube-prometheus-stack:prometheusOperator.admissionWebhooks.deployment": { off: "prometheusOperator.admissionWebhooks.deployment.enabled" },
  "kube-prometheus-stack:thanosRuler.thanosRulerSpec": { off: "thanosRuler.enabled" },
  "kube-prometheus-stack:grafana.imageRenderer": { off: "grafana.imageRenderer.enabled" },
  "kube-prometheus-stack:prometheus-node-exporter": { why: "a DaemonSet reporting every node's CPU and memory" },
  "kamaji:kubeconfigGenerator": { off: "kubeconfigGenerator.enabled" },
  "t4:proxy": { off: "proxy.enabled" },
};

const at = (obj: unknown, path: string): unknown => path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
const control = placementFor("control");

function releasesOf(resources: Registered[]): { name: string; values: Record<string, unknown> }[] {
  return resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").map((r) => ({ name: r.inputs.name as string, values: r.inputs.values as Record<string, unknown> }));
}

function podSpecs(resources: Registered[]): { name: string; spec: Record<string, unknown> }[] {
  return resources
    .filter((r) => ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:batch/v1:Job"].includes(r.type))
    .map((r) => ({ name: `${r.type} ${r.name}`, spec: at(r.inputs, "spec.template.spec") as Record<string, unknown> }));
}

/** One evaluation per backend, shared by both checks (tests in a file run one after another). */
const evaluated = new Map<string, Promise<Registered[]>>();
const platformOf = (backend: string) => {
  if (!evaluated.has(backend)) evaluated.set(backend, evaluatePlatform({ backend, count: 10 }).then((e) => e.resources));
  return evaluated.get(backend)!;
};

describe.each(backendNames)("placement on a %s stack", (backend) => {
  it("puts every scheduling key of every chart on the control pool", async () => {
    const resources = await platformOf(backend);
    const keys = schedulingKeys();
    const releases = releasesOf(resources);
    expect(releases.length).toBeGreaterThanOrEqual(3);
    for (const release of releases) {
      const fixture = chartFixtures[release.name];
      const sources: [string, string][] = [["", fixture.defaults], ...Object.entries(fixture.subcharts ?? {}).map(([k, f]) => [`${k}.`, f] as [string, string])];
      // Helm's view: subchart defaults, overridden by the parent's defaults for them, then ours.
      const defaults = chartDefaults(fixture.defaults);
      for (const [key, file] of Object.entries(fixture.subcharts ?? {})) defaults[key] = mergeValues(chartDefaults(file), (defaults[key] ?? {}) as Record<string, unknown>);
      const merged = mergeValues(defaults, release.values);
      const checked: string[] = [];
      for (const [prefix, file] of sources) {
        for (const key of keys[file]) {
          const path = prefix + key;
          const exception = Object.entries(exempt).find(([k]) => `${release.name}:${path}`.startsWith(k))?.[1];
          if (exception) {
            if ("off" in exception) expect(at(merged, exception.off), `${release.name} ${exception.off}`).toBe(false);
            continue;
          }
          const value = at(release.values, path);
          if (path.endsWith("nodeSelector")) expect(value, `${release.name} ${path}`).toEqual(control.nodeSelector);
          else expect(value, `${release.name} ${path}`).toEqual(control.tolerations);
          checked.push(path);
        }
      }
      if (release.name === "nats") {
        // The nats chart has no scheduling keys; its pod template takes a merge patch.
        expect(at(release.values, "podTemplate.merge.spec")).toEqual(control);
      } else {
        expect(checked.length, `${release.name}: no scheduling key checked`).toBeGreaterThan(0);
      }
    }
  });

  it("puts operator pods on the control pool and each database on its own pool", async () => {
    const resources = await platformOf(backend);
    for (const { name, spec } of podSpecs(resources)) {
      const pool = /StatefulSet hcpbench-data\/(postgres|mysql)$/.exec(name)?.[1];
      const expected = placementFor(pool === "postgres" ? "db-postgres" : pool === "mysql" ? "db-mysql" : "control");
      expect(spec.nodeSelector, name).toEqual(expected.nodeSelector);
      expect(spec.tolerations, name).toEqual(expected.tolerations);
      // The pool's own taint is tolerated, and so scheduling there is possible at all.
      expect(expected.tolerations).toContainEqual(expect.objectContaining({ key: poolLabel, value: (expected.nodeSelector as Record<string, string>)[poolLabel], effect: "NoSchedule" }));
    }
  });
});
