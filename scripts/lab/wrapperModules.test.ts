import { describe, expect, it } from "vitest";
import { goModReplaces, goModRequire, wrapperGoMod, wrapperReplaces } from "./goModuleBuilds";

// The replace lines of github.com/pulumi/pulumi/pkg/v3@v3.248.0's go.mod and of
// pulumi-kubernetes/provider/v4's, as upstream writes them (one line form, and a block).
const pulumiPkg = [
  "module github.com/pulumi/pulumi/pkg/v3",
  "",
  "go 1.25.11",
  "",
  "replace github.com/pulumi/pulumi/sdk/v3 => ../sdk",
  "",
  "replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e",
  "",
  "require (",
  "\tgithub.com/pulumi/pulumi/sdk/v3 v3.248.0",
  ")",
].join("\n");
const provider = ["module github.com/pulumi/pulumi-kubernetes/provider/v4", "replace (", "\tgithub.com/pulumi/pulumi-kubernetes/sdk/v4 => ../sdk // the sibling", ")", "require (", "\tgithub.com/pulumi/pulumi-kubernetes/sdk/v4 v4.24.0", "\tgithub.com/pulumi/pulumi/pkg/v3 v3.215.0", ")"].join("\n");

describe("wrapper modules for Go modules with replace lines", () => {
  it("reads both forms of replace, with and without a version", () => {
    expect(goModReplaces(pulumiPkg)).toEqual([
      { old: "github.com/pulumi/pulumi/sdk/v3", target: "../sdk" },
      { old: "github.com/atotto/clipboard", target: "github.com/tgummerer/clipboard", version: "v0.0.0-20241001131231-d02d263e614e" },
    ]);
    expect(goModReplaces(provider)).toEqual([{ old: "github.com/pulumi/pulumi-kubernetes/sdk/v4", target: "../sdk" }]);
  });

  it("pins a folder replace to a released version and keeps a module replace as it is", () => {
    expect(wrapperReplaces(pulumiPkg, () => "v3.248.0")).toEqual([
      "\tgithub.com/pulumi/pulumi/sdk/v3 => github.com/pulumi/pulumi/sdk/v3 v3.248.0",
      "\tgithub.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e",
    ]);
  });

  it("finds the version a go.mod requires, in a block or not", () => {
    expect(goModRequire(provider, "github.com/pulumi/pulumi-kubernetes/sdk/v4")).toBe("v4.24.0");
    expect(goModRequire(provider, "github.com/pulumi/pulumi/pkg/v3")).toBe("v3.215.0");
    expect(goModRequire(provider, "github.com/pulumi/pulumi/sdk/v3")).toBeUndefined();
  });

  it("writes a go.mod the go command reads: module, go, require and replace blocks", () => {
    expect(wrapperGoMod("w", "1.25.11", ["a.example/m v1.0.0"], ["\tb.example/n => b.example/n v2.0.0"])).toBe(
      "module hcpbench.local/w\n\ngo 1.25.11\n\nrequire (\n\ta.example/m v1.0.0\n)\n\nreplace (\n\tb.example/n => b.example/n v2.0.0\n)\n",
    );
  });
});
