import { describe, expect, it } from "vitest";
import type { PlannedResource } from "../../infra/plan/evaluate";
import { componentTree, renderTree, resourceTotals } from "./planTree";

const r = (type: string, name: string, parents: string[], custom = true): PlannedResource => ({ type, name, inputs: {}, parents, custom, provider: "" });
const aws = "hcpbench:substrate:Aws";
const fleet = "hcpbench:fleet:Fleet";

const resources: PlannedResource[] = [
  r(aws, "substrate", [], false),
  r("pulumi:providers:aws", "aws", [aws]),
  r("hcpbench:substrate:IrsaRole", "bench-role", [aws], false),
  r("hcpbench:substrate:IrsaRole", "csi-role", [aws], false),
  r("aws:iam/role:Role", "bench-role", [aws, "hcpbench:substrate:IrsaRole"]),
  r("aws:iam/role:Role", "csi-role", [aws, "hcpbench:substrate:IrsaRole"]),
  r("eks:index:Cluster", "eks", [aws], false),
  r(fleet, "fleet", [], false),
  ...Array.from({ length: 100 }, (_, i) => r("kubernetes:k0smotron.io/v1beta2:Cluster", `hcp-${String(i + 1).padStart(3, "0")}`, [fleet])),
  r("random:index/randomPassword:RandomPassword", "stray", []),
];

describe("plan tree", () => {
  const tree = componentTree(resources);

  it("groups resources under their hcpbench components, layer first", () => {
    expect([...tree.children.keys()]).toEqual([aws, fleet]);
    const substrate = tree.children.get(aws)!;
    expect([...substrate.resources.keys()]).toEqual(["pulumi:providers:aws", "eks:index:Cluster"]);
    const irsa = substrate.children.get("hcpbench:substrate:IrsaRole")!;
    expect(irsa.instances).toBe(2);
    expect(irsa.resources.get("aws:iam/role:Role")?.names).toEqual(["bench-role", "csi-role"]);
  });

  it("collapses a long run of one type into one line with a count", () => {
    const lines = renderTree(tree);
    const clusters = lines.filter((l) => l.includes("k0smotron.io/v1beta2:Cluster"));
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatch(/└─ kubernetes:k0smotron\.io\/v1beta2:Cluster\s+100 {2}hcp-001, hcp-002 … hcp-100$/);
    expect(lines).toContain("fleet  hcpbench:fleet:Fleet  (100 resources)");
    expect(lines).toContain("└─ IrsaRole ×2 (hcpbench:substrate:IrsaRole, 2 resources)");
    // A resource outside every component still shows, first.
    expect(lines[0]).toBe("(stack)  1 resources");
  });

  it("totals resources per layer and per package, leaving grouping components out", () => {
    expect(resourceTotals(tree)).toEqual({
      total: 105,
      byLayer: [["(stack)", 1], ["substrate", 4], ["fleet", 100]],
      byPackage: [["kubernetes", 100], ["aws", 2], ["eks", 1], ["providers", 1], ["random", 1]],
    });
  });
});
