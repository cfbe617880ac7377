import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTargetFlag } from "./targetFlag";

describe("--target", () => {
  it("reads etcd=URL as an etcd endpoint and anything else as a kubeconfig path", () => {
    expect(parseTargetFlag("etcd=10.0.0.5:2379")).toEqual({ kind: "etcd", endpoint: "10.0.0.5:2379" });
    // The old URL form still works: the scheme is dropped, the driver speaks plaintext gRPC.
    expect(parseTargetFlag("etcd=http://10.0.0.5:2379/")).toEqual({ kind: "etcd", endpoint: "10.0.0.5:2379" });
    expect(parseTargetFlag("etcd=[::1]:2379")).toEqual({ kind: "etcd", endpoint: "[::1]:2379" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-"));
    const file = path.join(dir, "kubeconfig");
    fs.writeFileSync(file, "x");
    expect(parseTargetFlag(file, { context: "hcp-1", server: "https://hcp-1:6443" })).toEqual({ kind: "kubernetes", kubeconfig: file, context: "hcp-1", server: "https://hcp-1:6443" });
    fs.rmSync(dir, { recursive: true });
  });

  it("rejects what it cannot use, naming the flag", () => {
    expect(() => parseTargetFlag("etcd=10.0.0.5")).toThrow(`--target: etcd endpoint must be host:port of etcd's gRPC listener, e.g. etcd=127.0.0.1:2379 (got "10.0.0.5")`);
    expect(() => parseTargetFlag("etcd=https://10.0.0.5:2379")).toThrow(/must be host:port/);
    expect(() => parseTargetFlag("etcd=10.0.0.5:70000")).toThrow(/must be host:port/);
    expect(() => parseTargetFlag("/nope/config")).toThrow("--target: kubeconfig /nope/config does not exist (for etcd, write etcd=host:port)");
  });
});
