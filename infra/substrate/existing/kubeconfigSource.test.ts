import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { isInputError } from "../../names/inputError";
import { kubeconfigPath, readKubeconfig, withCurrentContext } from "./kubeconfigSource";

describe("kubeconfigPath", () => {
  it("prefers the setting, expanding ~", () => {
    expect(kubeconfigPath("~/kind.yaml", { KUBECONFIG: "/x" }, "/home/u")).toBe("/home/u/kind.yaml");
    expect(kubeconfigPath("/abs/k.yaml", {}, "/home/u")).toBe("/abs/k.yaml");
  });

  it("then the first entry of $KUBECONFIG, then ~/.kube/config, like kubectl", () => {
    expect(kubeconfigPath(undefined, { KUBECONFIG: `${path.delimiter}/a${path.delimiter}/b` }, "/home/u")).toBe("/a");
    expect(kubeconfigPath(undefined, {}, "/home/u")).toBe("/home/u/.kube/config");
  });
});

const kubeconfig = stringify({
  apiVersion: "v1",
  kind: "Config",
  clusters: [{ name: "kind-a", cluster: { server: "https://127.0.0.1:6443" } }],
  contexts: [
    { name: "kind-a", context: { cluster: "kind-a", user: "a" } },
    { name: "k3d-b", context: { cluster: "kind-a", user: "a" } },
  ],
  "current-context": "kind-a",
  users: [{ name: "a", user: { token: "t" } }],
});

describe("withCurrentContext", () => {
  it("points current-context at the configured context and keeps the rest", () => {
    const out = parse(withCurrentContext(kubeconfig, "k3d-b"));
    expect(out["current-context"]).toBe("k3d-b");
    expect(out.users).toEqual(parse(kubeconfig).users);
  });

  it("leaves the file as is without a context setting", () => {
    expect(withCurrentContext(kubeconfig, undefined)).toBe(kubeconfig);
  });

  it("a context the file does not have is a bad setting (exit 2)", () => {
    let err: unknown;
    try {
      withCurrentContext(kubeconfig, "nope");
    } catch (e) {
      err = e;
    }
    expect(isInputError(err)).toBe(true);
    expect((err as Error).message).toBe('hcpbench:existing.context: must be a context of the kubeconfig (got "nope")');
  });
});

describe("readKubeconfig", () => {
  it("reads the file, and returns undefined when there is none (an offline plan)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-kc-"));
    const file = path.join(dir, "config");
    fs.writeFileSync(file, kubeconfig);
    expect(readKubeconfig(file)).toBe(kubeconfig);
    expect(readKubeconfig(path.join(dir, "missing"))).toBeUndefined();
    fs.rmSync(dir, { recursive: true });
  });
});
