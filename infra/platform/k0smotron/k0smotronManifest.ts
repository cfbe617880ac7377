import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import type { Placement } from "../../substrate/substrate";
import { namespaces } from "../../namespaces";
import { placementValues } from "../podPlacement";
import type { KubeObject } from "../../kubernetes/kubeObject";

/**
 * k0smotron v2.1.0 from its standalone manifest (docs.k0smotron.io/v2.1.0/install-standalone.yaml,
 * checked in unchanged; a test pins its sha256). k0smotron publishes no Helm chart.
 */
export const k0smotronRelease = "v2.1.0";
export const k0smotronManifestPath = path.join(__dirname, "..", "manifests", `k0smotron-${k0smotronRelease}.install-standalone.yaml`);

export const k0smotronControllerName = "k0smotron-controller-manager";

/**
 * Controller resources for a 100-HCP fleet. The published run measured the
 * k0smotron operator at up to 92 MiB and 496 mCPU with 100 HCPs, against the
 * manifest's 128Mi / 500m limits: one burst would OOM-kill or throttle it,
 * and that would show up as slow HCP readiness. 512Mi / 2 CPU leaves 5x and 4x
 * headroom; the requests reserve the measured peak on the control node.
 */
export const k0smotronControllerResources = {
  requests: { cpu: "500m", memory: "256Mi" },
  limits: { cpu: "2", memory: "512Mi" },
};

/** Port of the controller-runtime metrics endpoint, exposed so Prometheus can scrape the workqueue depth. */
export const k0smotronMetricsPort = 8080;

export function readK0smotronManifest(file = k0smotronManifestPath): string {
  return fs.readFileSync(file, "utf8");
}

function parseManifest(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`k0smotron manifest: ${doc.errors[0].message}`);
      return doc.toJSON() as KubeObject | null;
    })
    .filter((obj): obj is KubeObject => obj !== null)
    // `status` is server-owned; submitting it with server-side apply would only be ignored or rejected.
    .map(({ status: _status, ...obj }) => obj as KubeObject);
}

type Container = { name: string; args?: string[]; ports?: Record<string, unknown>[]; resources?: unknown; [k: string]: unknown };

/** The controller Deployment, placed on the control pool, sized for 100 HCPs, and with its metrics reachable from Prometheus. */
function patchController(deployment: KubeObject, placement: Placement): KubeObject {
  const spec = deployment.spec as { template: { metadata?: Record<string, unknown>; spec: { containers: Container[]; [k: string]: unknown } } };
  const podSpec = spec.template.spec;
  const containers = podSpec.containers.map((c) => {
    if (c.name !== "manager") return c;
    // The manifest binds metrics to 127.0.0.1, out of Prometheus' reach. And k0smotron's `--metrics-secure`
    // defaults to true (cmd/main.go): HTTPS behind TokenReview/SubjectAccessReview, which the plain-HTTP
    // PodMonitor cannot pass. The port is reachable only in-cluster.
    const args = [
      ...(c.args ?? [])
        .filter((a) => !a.startsWith("--metrics-secure"))
        .map((a) => (a.startsWith("--metrics-bind-address=") ? `--metrics-bind-address=:${k0smotronMetricsPort}` : a)),
      "--metrics-secure=false",
    ];
    const ports = [...(c.ports ?? []), { name: "metrics", containerPort: k0smotronMetricsPort, protocol: "TCP" }];
    return { ...c, args, ports, resources: k0smotronControllerResources };
  });
  if (!containers.some((c) => c.name === "manager")) throw new Error(`k0smotron manifest: ${k0smotronControllerName} has no "manager" container`);
  return {
    ...deployment,
    spec: { ...spec, template: { ...spec.template, spec: { ...podSpec, ...placementValues(placement), containers } } },
  };
}

/** Every object of the manifest, in manifest order, with the controller Deployment patched. */
export function k0smotronObjects(manifestText: string, placement: Placement): KubeObject[] {
  const objects = parseManifest(manifestText);
  const controller = objects.find((o) => o.kind === "Deployment" && o.metadata.name === k0smotronControllerName);
  if (!controller) throw new Error(`k0smotron manifest: Deployment ${k0smotronControllerName} not found`);
  if (controller.metadata.namespace !== namespaces.k0smotron) throw new Error(`k0smotron manifest: controller namespace is ${controller.metadata.namespace}, expected ${namespaces.k0smotron}`);
  return objects.map((o) => (o === controller ? patchController(o, placement) : o));
}
