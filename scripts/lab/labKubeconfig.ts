import * as fs from "node:fs";
import { stringify } from "yaml";
import type { HcpPki } from "./labCertificates";

const b64 = (file: string) => fs.readFileSync(file).toString("base64");

/** A kubeconfig for the HCP's admin, credentials inline, as the operators hand out. */
export function adminKubeconfig(hcpName: string, apiUrl: string, pki: HcpPki): string {
  const user = `${hcpName}-admin`;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: hcpName, cluster: { server: apiUrl, "certificate-authority-data": b64(pki.caCert) } }],
    users: [{ name: user, user: { "client-certificate-data": b64(pki.adminCert), "client-key-data": b64(pki.adminKey) } }],
    contexts: [{ name: hcpName, context: { cluster: hcpName, user } }],
    "current-context": hcpName,
  });
}

/** Holds a private key: readable by its owner only. */
export function writeSecretFile(file: string, text: string): void {
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}
