import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { pinnedPulumiSdk, recordRegistrations } from "./registrations";

/*
 * The plan's graph rests on what the SDK puts in a registration request, and
 * on one SDK internal (waiting for outstanding registrations). These tests
 * pin both against the release they were read in, and fail naming it.
 */
class Component extends pulumi.ComponentResource {}
class Custom extends pulumi.CustomResource {
  constructor(type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(type, name, props, opts);
  }
}

const installed = (JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version;

describe(`registration requests under @pulumi/pulumi ${pinnedPulumiSdk}`, () => {
  it("runs against the SDK release the recorder was checked with", () => {
    expect(installed, `@pulumi/pulumi is ${installed}; infra/plan/registrations.ts was checked against ${pinnedPulumiSdk}: reread runtime/mocks.js, runtime/settings.js (waitForRPCs) and runtime/dependsOn.js, then move the pin`).toBe(
      pinnedPulumiSdk,
    );
  });

  it("records parent, engine-form URNs and dependencies (dependsOn on a component expands to its custom children, inputs add theirs)", async () => {
    await pulumi.runtime.setMocks(
      { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) },
      "proj",
      "st",
      false,
    );
    const recorder = recordRegistrations();
    const outer = new Component("test:index:Outer", "outer");
    const inner = new Component("test:index:Inner", "inner", {}, { parent: outer });
    const a = new Custom("test:index:A", "a", { x: 1 }, { parent: inner });
    const b = new Custom("test:index:B", "b", {}, { parent: outer });
    // c depends on the component `outer` (so on a and b) and takes an input from b.
    new Custom("test:index:C", "c", { fromB: b.id }, { dependsOn: [outer] });
    void a;
    await recorder.settled();
    const byName = new Map(recorder.all().map((r) => [r.name, r]));
    expect([...byName.keys()].sort(), "waitForRPCs waited for every registration").toEqual(["a", "b", "c", "inner", "outer"]);
    // The engine's URN rule: a child's type is qualified by its parent's whole qualified type.
    expect(byName.get("a")!.urn).toBe("urn:pulumi:st::proj::test:index:Outer$test:index:Inner$test:index:A::a");
    expect(byName.get("a")!.parent).toBe("urn:pulumi:st::proj::test:index:Outer$test:index:Inner::inner");
    expect(byName.get("a")!.parentTypes).toEqual(["test:index:Outer", "test:index:Inner"]);
    expect(byName.get("outer")!.parent).toBe("");
    expect([...byName.get("c")!.dependsOn].sort()).toEqual([byName.get("a")!.urn, byName.get("b")!.urn].sort());
  });
});
