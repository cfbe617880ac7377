import type { PlannedResource } from "../../infra/plan/evaluate";
import { isGroupingComponent } from "./planDocument";

/**
 * The resource graph as a tree of hcpbench components (layers first, then the
 * components inside them), with the resources under each counted per type.
 * Long runs of one type (100 Clusters) become one line with a count.
 */
export interface TypeGroup {
  readonly type: string;
  readonly names: string[];
}

export interface ComponentNode {
  /** `hcpbench:substrate:Aws`; `(stack)` for resources outside every hcpbench component. */
  readonly type: string;
  /** How many components of this type share this place in the tree (two IrsaRoles). */
  instances: number;
  readonly resources: Map<string, TypeGroup>;
  readonly children: Map<string, ComponentNode>;
}

const newNode = (type: string): ComponentNode => ({ type, instances: 0, resources: new Map(), children: new Map() });

/** Builds the tree from the URN type chains the evaluation recorded. */
export function componentTree(resources: readonly PlannedResource[]): ComponentNode {
  const root = newNode("(stack)");
  const nodeAt = (chain: readonly string[]) => {
    let node = root;
    for (const t of chain.filter((p) => p.startsWith("hcpbench:"))) {
      if (!node.children.has(t)) node.children.set(t, newNode(t));
      node = node.children.get(t)!;
    }
    return node;
  };
  for (const r of resources) {
    if (isGroupingComponent(r)) {
      nodeAt([...r.parents, r.type]).instances += 1;
      continue;
    }
    const node = nodeAt(r.parents);
    if (!node.resources.has(r.type)) node.resources.set(r.type, { type: r.type, names: [] });
    node.resources.get(r.type)!.names.push(r.name);
  }
  return root;
}

export function countResources(node: ComponentNode): number {
  let n = 0;
  for (const g of node.resources.values()) n += g.names.length;
  for (const c of node.children.values()) n += countResources(c);
  return n;
}

/** `hcpbench:platform:Platform` -> `platform`; the layer a top-level component stands for. */
export function layerName(componentType: string): string {
  return componentType.split(":")[1] ?? componentType;
}

const maxListed = 4;

function namesText(names: readonly string[]): string {
  if (names.length <= maxListed) return names.join(", ");
  return `${names[0]}, ${names[1]} … ${names[names.length - 1]}`;
}

/** Lines of the tree, indented with box-drawing guides; type counts aligned in one column. */
export function renderTree(root: ComponentNode): string[] {
  type Row = { text: string } | { left: string; count: number; names: string };
  const rows: Row[] = [];
  const walk = (node: ComponentNode, prefix: string) => {
    const items: ({ kind: "group"; group: TypeGroup } | { kind: "child"; node: ComponentNode })[] = [
      ...[...node.resources.values()].map((group) => ({ kind: "group" as const, group })),
      ...[...node.children.values()].map((child) => ({ kind: "child" as const, node: child })),
    ];
    items.forEach((it, i) => {
      const last = i === items.length - 1;
      const branch = `${prefix}${last ? "└─ " : "├─ "}`;
      if (it.kind === "group") {
        rows.push({ left: `${branch}${it.group.type}`, count: it.group.names.length, names: namesText(it.group.names) });
      } else {
        const times = it.node.instances > 1 ? ` ×${it.node.instances}` : "";
        rows.push({ text: `${branch}${it.node.type.split(":").pop()}${times} (${it.node.type}, ${countResources(it.node)} resources)` });
        walk(it.node, `${prefix}${last ? "   " : "│  "}`);
      }
    });
  };
  // Stray top-level resources (outside every hcpbench component) first, then one heading per layer.
  if (root.resources.size > 0) {
    rows.push({ text: `(stack)  ${countResources({ ...root, children: new Map() })} resources` });
    walk({ ...root, children: new Map() }, "");
  }
  for (const layer of root.children.values()) {
    rows.push({ text: "" }, { text: `${layerName(layer.type)}  ${layer.type}  (${countResources(layer)} resources)` });
    walk(layer, "");
  }
  const width = Math.min(64, Math.max(0, ...rows.map((r) => ("left" in r ? r.left.length : 0))));
  return rows.map((r) => ("left" in r ? `${r.left.padEnd(width)} ${String(r.count).padStart(4)}  ${r.names}` : r.text));
}

/** Totals per layer and per provider package (aws, eks, kubernetes, random, ...). */
export function resourceTotals(root: ComponentNode): { total: number; byLayer: [string, number][]; byPackage: [string, number][] } {
  const byPackage = new Map<string, number>();
  const visit = (node: ComponentNode) => {
    for (const g of node.resources.values()) {
      const pkg = g.type.startsWith("pulumi:providers:") ? "providers" : g.type.split(":")[0];
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + g.names.length);
    }
    for (const c of node.children.values()) visit(c);
  };
  visit(root);
  const byLayer: [string, number][] = [...root.children.values()].map((c) => [layerName(c.type), countResources(c)]);
  const stray = countResources({ ...root, children: new Map() });
  if (stray > 0) byLayer.unshift(["(stack)", stray]);
  return { total: countResources(root), byLayer, byPackage: [...byPackage.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])) };
}
