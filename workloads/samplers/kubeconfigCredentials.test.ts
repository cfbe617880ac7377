import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inClusterCredentials, kubeconfigCredentials } from "./kubeconfigCredentials";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-kubeconfig-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("kubeconfig credentials", () => {
  it("reads the current context's server, CA and client certificate", () => {
    const creds = kubeconfigCredentials(`
apiVersion: v1
kind: Config
current-context: admin@hcp
contexts:
- name: other
  context: { cluster: other, user: other }
- name: admin@hcp
  context: { cluster: hcp, user: admin }
clusters:
- name: other
  cluster: { server: https://other:6443 }
- name: hcp
  cluster: { server: "https://10.0.0.1:30443/", certificate-authority-data: ${b64("CA-PEM")} }
users:
- name: other
  user: { token: nope }
- name: admin
  user: { client-certificate-data: ${b64("CERT-PEM")}, client-key-data: ${b64("KEY-PEM")} }
`);
    expect(creds).toMatchObject({ server: "https://10.0.0.1:30443", ca: "CA-PEM", cert: "CERT-PEM", key: "KEY-PEM", insecureSkipTlsVerify: false });
    expect(creds.token).toBeUndefined();
  });

  it("resolves file paths against the kubeconfig's folder and honours an explicit context", () => {
    fs.writeFileSync(path.join(dir, "ca.crt"), "FILE-CA");
    fs.writeFileSync(path.join(dir, "token"), "file-token\n");
    const creds = kubeconfigCredentials(
      `
contexts: [{ name: a, context: { cluster: c, user: u } }]
clusters: [{ name: c, cluster: { server: "https://x:443", certificate-authority: ca.crt, insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { tokenFile: token } }]
`,
      { context: "a", baseDir: dir },
    );
    expect(creds.ca).toBe("FILE-CA");
    expect(creds.insecureSkipTlsVerify).toBe(true);
    expect(creds.token?.()).toBe("file-token");
  });

  it("runs an exec plugin (as EKS kubeconfigs do) and caches its token until it nearly expires", () => {
    const counter = path.join(dir, "calls");
    const plugin = path.join(dir, "get-token.sh");
    const expiry = new Date(Date.now() + 15 * 60_000).toISOString();
    fs.writeFileSync(
      plugin,
      `#!/bin/sh\necho x >> "${counter}"\necho '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"'"$CLUSTER"'-token","expirationTimestamp":"${expiry}"}}'\n`,
      { mode: 0o755 },
    );
    const creds = kubeconfigCredentials(`
current-context: eks
contexts: [{ name: eks, context: { cluster: eks, user: eks } }]
clusters: [{ name: eks, cluster: { server: "https://eks.example" } }]
users:
- name: eks
  user:
    exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: "${plugin}", args: [], env: [{ name: CLUSTER, value: mgmt }] }
`);
    expect(creds.token?.()).toBe("mgmt-token");
    expect(creds.token?.()).toBe("mgmt-token");
    expect(fs.readFileSync(counter, "utf8").trim().split("\n")).toHaveLength(1);
  });

  it("names the missing part of a broken kubeconfig", () => {
    expect(() => kubeconfigCredentials("current-context: nope\ncontexts: []")).toThrow(/no context "nope"/);
    expect(() => kubeconfigCredentials("current-context: a\ncontexts: [{name: a, context: {cluster: c, user: u}}]")).toThrow(/no cluster "c"/);
  });

  it("uses the pod's service account in a cluster, re-reading the rotating token", () => {
    const token = path.join(dir, "sa-token");
    const ca = path.join(dir, "sa-ca.crt");
    fs.writeFileSync(token, "first");
    fs.writeFileSync(ca, "SA-CA");
    const creds = inClusterCredentials({ KUBERNETES_SERVICE_HOST: "10.100.0.1", KUBERNETES_SERVICE_PORT: "443" }, { token, ca });
    expect(creds.server).toBe("https://10.100.0.1:443");
    expect(creds.ca).toBe("SA-CA");
    expect(creds.token?.()).toBe("first");
    fs.writeFileSync(token, "rotated");
    expect(creds.token?.()).toBe("rotated");
    expect(inClusterCredentials({ KUBERNETES_SERVICE_HOST: "fd00::1" }, { token, ca }).server).toBe("https://[fd00::1]:443");
    expect(() => inClusterCredentials({})).toThrow(/KUBERNETES_SERVICE_HOST/);
  });
});
