import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { isInputError } from "../../../../infra/names/inputError";
import { makeHcpPki } from "../../../../scripts/lab/labCertificates";
import { adminKubeconfig, writeSecretFile } from "../../../../scripts/lab/labKubeconfig";
import { loadKubeconfig } from "./kubeconfig";

const b64 = (s: string) => Buffer.from(s).toString("base64");

function kubeconfig(user: string, cluster = `    server: https://10.0.0.1:6443\n    certificate-authority-data: ${b64("CA PEM")}`): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: hcp
  cluster:
${cluster}
users:
- name: admin
  user:
${user}
contexts:
- name: one
  context: {cluster: hcp, user: admin}
- name: broken
  context: {cluster: nowhere, user: admin}
current-context: one
`;
}

async function problem(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(isInputError(err)).toBe(true);
    return (err as Error).message;
  }
  throw new Error("expected an InputError");
}

describe("loadKubeconfig", () => {
  it("reads inline client certificates and the CA", async () => {
    const c = await loadKubeconfig(kubeconfig(`    client-certificate-data: ${b64("CERT")}\n    client-key-data: ${b64("KEY")}`));
    expect(c).toEqual({ server: "https://10.0.0.1:6443", ca: "CA PEM", cert: "CERT", key: "KEY" });
  });

  it("reads files relative to the kubeconfig and a token file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kc-"));
    fs.writeFileSync(path.join(dir, "ca.crt"), "CA FROM FILE");
    fs.writeFileSync(path.join(dir, "token"), "s3cret\n");
    const file = path.join(dir, "config");
    fs.writeFileSync(file, kubeconfig("    tokenFile: token", "    server: https://api.example:6443/\n    certificate-authority: ca.crt"));
    const c = await loadKubeconfig(file);
    expect(c).toEqual({ server: "https://api.example:6443", ca: "CA FROM FILE", token: "s3cret" });
    fs.rmSync(dir, { recursive: true });
  });

  it("keeps verifying TLS against the original name when the server URL is overridden", async () => {
    const c = await loadKubeconfig(kubeconfig("    token: abc"), { server: "https://hcp-1.kamaji.svc:6443" });
    expect(c.server).toBe("https://hcp-1.kamaji.svc:6443");
    expect(c.tlsServerName).toBe("10.0.0.1");
  });

  it("resolves exec credentials through client-node", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kc-exec-"));
    const script = path.join(dir, "cred.sh");
    fs.writeFileSync(script, `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-exec"}}'\n`, { mode: 0o755 });
    const c = await loadKubeconfig(kubeconfig(`    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ${script}\n      interactiveMode: Never`));
    fs.rmSync(dir, { recursive: true });
    expect(c.token).toBe("from-exec");
  });

  it("reads the kubeconfig file the lab writes for a real HCP", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kc-lab-"));
    const pki = makeHcpPki(path.join(dir, "pki"), "hcp-1");
    const file = path.join(dir, "kubeconfig");
    writeSecretFile(file, adminKubeconfig("hcp-1", "https://127.0.0.1:6443", pki));
    const c = await loadKubeconfig(file);
    // Second method: the PEM files openssl wrote.
    const pem = (f: string) => fs.readFileSync(f, "utf8");
    expect(c).toEqual({ server: "https://127.0.0.1:6443", ca: pem(pki.caCert), cert: pem(pki.adminCert), key: pem(pki.adminKey) });
    fs.rmSync(dir, { recursive: true });
  });

  it("names the problem for broken kubeconfigs", async () => {
    expect(await problem(loadKubeconfig("/nonexistent/kubeconfig"))).toMatch(/^--target: cannot read kubeconfig \/nonexistent\/kubeconfig \(ENOENT\)$/);
    expect(await problem(loadKubeconfig("a: [\nb"))).toMatch(/^--target: kubeconfig is not valid YAML/);
    expect(await problem(loadKubeconfig("apiVersion: v1\nkind: Config\n"))).toBe("--target: not a kubeconfig (it needs clusters and contexts lists)");
    expect(await problem(loadKubeconfig(kubeconfig("    token: x"), { context: "nope" }))).toBe('--target: kubeconfig has no context "nope" (has: one, broken)');
    expect(await problem(loadKubeconfig(kubeconfig("    token: x"), { context: "broken" }))).toMatch(/names cluster "nowhere"/);
    expect(await problem(loadKubeconfig(kubeconfig(`    client-certificate-data: ${b64("C")}`)))).toMatch(/client certificate without a key/);
    expect(await problem(loadKubeconfig(kubeconfig("    token: x", "    server: 10.0.0.1:6443")))).toMatch(/server must be an http\(s\) URL/);
  });
});
