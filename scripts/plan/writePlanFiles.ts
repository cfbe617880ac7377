import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import type { PlannedResource } from "../../infra/plan/evaluate";
import { kubernetesObjectsOf } from "../../infra/plan/kubernetesObjects";
import { layerName } from "./planTree";
import type { PlanDocument } from "./planDocument";

/**
 * `plan --out DIR`: plan.json (the --json document), every Kubernetes object
 * the program registers (ConfigGroups' objects included) as YAML, one
 * multi-document file per layer (`kubernetes/<layer>.yaml`), and each Helm release's values
 * (`helm/<resource name>.values.yaml`). Secrets appear as "[secret]", never in clear.
 */
function layerOf(r: PlannedResource): string {
  const top = r.parents.find((p) => p.startsWith("hcpbench:"));
  return top ? layerName(top) : "stack";
}

const safeFileName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_");

export function writePlanFiles(dir: string, doc: PlanDocument, resources: readonly PlannedResource[]): string[] {
  const written: string[] = [];
  const write = (rel: string, text: string) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written.push(file);
  };
  write("plan.json", `${JSON.stringify(doc, null, 2)}\n`);

  const byLayer = new Map<string, Record<string, unknown>[]>();
  for (const r of resources) {
    const objects = kubernetesObjectsOf(r);
    if (objects.length > 0) byLayer.set(layerOf(r), [...(byLayer.get(layerOf(r)) ?? []), ...objects]);
  }
  for (const [layer, objects] of byLayer) {
    write(path.join("kubernetes", `${layer}.yaml`), objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n"));
  }
  for (const r of resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release")) {
    // The resource name, not the release name: unique across namespaces.
    write(path.join("helm", `${safeFileName(r.name)}.values.yaml`), stringify(r.inputs.values ?? {}, { lineWidth: 0 }));
  }
  return written;
}
