import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface TestPki {
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

/** A throw-away CA, a server certificate for the given SANs and a client certificate, made with the openssl CLI. */
export function makeTestPki(serverSans: string): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-pki-"));
  const f = (n: string) => path.join(dir, n);
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  try {
    ssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=hcpbench-test-ca");
    const leaf = (name: string, cn: string, ext: string) => {
      ssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`);
      fs.writeFileSync(f(`${name}.ext`), ext);
      ssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.crt`, "-days", "1", "-extfile", `${name}.ext`);
    };
    leaf("server", "kube-apiserver", `subjectAltName=${serverSans}\nextendedKeyUsage=serverAuth\n`);
    leaf("client", "hcpbench", "extendedKeyUsage=clientAuth\n");
    const read = (n: string) => fs.readFileSync(f(n), "utf8");
    return { ca: read("ca.crt"), serverCert: read("server.crt"), serverKey: read("server.key"), clientCert: read("client.crt"), clientKey: read("client.key") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
