import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * One HCP's PKI, as a hosted control plane has: its own CA, a serving
 * certificate for the API server, a client certificate for an admin in
 * system:masters, and the service-account signing key pair. Made with the
 * openssl CLI; private keys are written 0600.
 */
export interface HcpPki {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  readonly serviceAccountKey: string;
  readonly serviceAccountPub: string;
}

/** The admin's identity: Kubernetes maps the certificate's O to a group, and system:masters is bound to cluster-admin. */
export const adminSubject = "/O=system:masters/CN=hcpbench-admin";

/** Names the API server answers to: loopback, plus the in-cluster names an HCP's certificate carries. */
export const serverSans = ["IP:127.0.0.1", "DNS:localhost", "DNS:kubernetes", "DNS:kubernetes.default", "DNS:kubernetes.default.svc"];

export function makeHcpPki(dir: string, hcpName: string, days = 30): HcpPki {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const key = (file: string) => {
    ssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file);
    fs.chmodSync(path.join(dir, file), 0o600);
  };
  key("ca.key");
  ssl("req", "-x509", "-new", "-key", "ca.key", "-out", "ca.crt", "-days", String(days), "-subj", `/CN=${hcpName}-ca`, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  const leaf = (name: string, subject: string, ext: string) => {
    key(`${name}.key`);
    ssl("req", "-new", "-key", `${name}.key`, "-out", `${name}.csr`, "-subj", subject);
    fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
    ssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.crt`, "-days", String(days), "-extfile", `${name}.ext`);
    fs.rmSync(path.join(dir, `${name}.csr`));
    fs.rmSync(path.join(dir, `${name}.ext`));
  };
  leaf("apiserver", "/CN=kube-apiserver", `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${serverSans.join(",")}\n`);
  leaf("admin", adminSubject, "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n");
  // Service-account tokens are signed with RSA (RS256), which every client verifies.
  ssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "sa.key");
  fs.chmodSync(path.join(dir, "sa.key"), 0o600);
  ssl("pkey", "-in", "sa.key", "-pubout", "-out", "sa.pub");
  const f = (n: string) => path.join(dir, n);
  return {
    dir,
    caCert: f("ca.crt"),
    caKey: f("ca.key"),
    serverCert: f("apiserver.crt"),
    serverKey: f("apiserver.key"),
    adminCert: f("admin.crt"),
    adminKey: f("admin.key"),
    serviceAccountKey: f("sa.key"),
    serviceAccountPub: f("sa.pub"),
  };
}
