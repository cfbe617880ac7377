import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as https from "node:https";
import { afterAll, describe, expect, it } from "vitest";
import { makeHcpPki } from "../../scripts/lab/labCertificates";
import { adminKubeconfig } from "../../scripts/lab/labKubeconfig";
import { managementApi } from "./managementApi";
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

  it("runs a real exec plugin script (as EKS kubeconfigs do), caches its token until it expires, then asks again", async () => {
    const counter = path.join(dir, "calls");
    const plugin = path.join(dir, "get-token.sh");
    // The plugin first hands out tokens that have already expired, then ones valid for 15 minutes.
    const expiry = path.join(dir, "expiry");
    fs.writeFileSync(expiry, new Date(Date.now() - 60_000).toISOString());
    fs.writeFileSync(
      plugin,
      `#!/bin/sh\necho x >> "${counter}"\nn=$(wc -l < "${counter}" | tr -d ' ')\necho '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"'"$CLUSTER"'-token-'"$n"'","expirationTimestamp":"'"$(cat ${expiry})"'"}}'\n`,
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
    // Expired: every request runs the plugin again.
    expect(await creds.token?.()).toBe("mgmt-token-1");
    expect(await creds.token?.()).toBe("mgmt-token-2");
    // Valid: the third token is cached for the requests after it.
    fs.writeFileSync(expiry, new Date(Date.now() + 15 * 60_000).toISOString());
    expect(await creds.token?.()).toBe("mgmt-token-3");
    expect(await creds.token?.()).toBe("mgmt-token-3");
    expect(fs.readFileSync(counter, "utf8").trim().split("\n")).toHaveLength(3);
  });

  it("reads a kubeconfig the lab writes for a real HCP, and its certificates pass a real mutual-TLS handshake", async () => {
    const pki = makeHcpPki(path.join(dir, "pki"), "hcp-1");
    let peer: string | undefined;
    const server = https.createServer({ key: fs.readFileSync(pki.serverKey), cert: fs.readFileSync(pki.serverCert), ca: fs.readFileSync(pki.caCert), requestCert: true, rejectUnauthorized: true }, (req, res) => {
      peer = String((req.socket as import("node:tls").TLSSocket).getPeerCertificate().subject?.CN);
      res.setHeader("content-type", "application/json");
      res.end('{"kind":"Status"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `https://127.0.0.1:${(server.address() as import("node:net").AddressInfo).port}`;
      const creds = kubeconfigCredentials(adminKubeconfig("hcp-1", url, pki));
      // Second method: the PEM files openssl wrote.
      expect(creds.ca).toBe(fs.readFileSync(pki.caCert, "utf8"));
      expect(creds.cert).toBe(fs.readFileSync(pki.adminCert, "utf8"));
      expect(creds.key).toBe(fs.readFileSync(pki.adminKey, "utf8"));
      const api = managementApi(creds);
      try {
        expect(await api.getJson("/version")).toEqual({ kind: "Status" });
      } finally {
        await api.close();
      }
      expect(peer).toBe("hcpbench-admin");
    } finally {
      server.close();
    }
  });

  it("names the missing part of a broken kubeconfig", () => {
    expect(() => kubeconfigCredentials("current-context: nope\nclusters: []\ncontexts: []")).toThrow(/^management kubeconfig: kubeconfig has no context "nope"/);
    expect(() => kubeconfigCredentials("current-context: a\nclusters: []\ncontexts: [{name: a, context: {cluster: c, user: u}}]")).toThrow(/names cluster "c", which the kubeconfig does not define/);
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
