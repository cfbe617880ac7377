import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isInputError } from "../../infra/names/inputError";
import { runLoadgen } from "../../workloads/loadgen/runLoadgen";
import { K8sApiServer } from "../k8sApiServer/k8sApiServer";
import { MemoryKvStore } from "../k8sApiServer/memoryKvStore";
import { makeTestPki, type TestPki } from "../k8sApiServer/tlsCertificates";

async function inputProblem(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (isInputError(err)) return err.message;
    throw err;
  }
  throw new Error("expected an InputError");
}

/** TLS from the kubeconfig: the server's CA, a client certificate, and the original name when the URL is overridden. */
describe("kubernetes target over TLS with client certificates", () => {
  let pki: TestPki;
  let api: K8sApiServer;
  let port: string;
  beforeAll(async () => {
    // The certificate names only hcp.test, as an HCP's certificate names its Service, not 127.0.0.1.
    pki = makeTestPki("DNS:hcp.test");
    api = await K8sApiServer.start({ store: new MemoryKvStore(), tls: { key: pki.serverKey, cert: pki.serverCert, clientCa: pki.ca } });
    port = new URL(api.url).port;
  });
  afterAll(() => api.stop());

  const kubeconfig = (over: { ca?: string; clientCert?: string; clientKey?: string } = {}) =>
    api.kubeconfig({ server: `https://hcp.test:${port}`, ca: pki.ca, clientCert: pki.clientCert, clientKey: pki.clientKey, ...over });

  it("verifies the server against the kubeconfig's name while dialling the override URL", async () => {
    const r = await runLoadgen({ target: { kind: "kubernetes", kubeconfig: kubeconfig(), server: api.url }, profile: "light", ops: 30, concurrency: 3, warmup: 0 });
    expect(r.writes.successes).toBe(30);
    expect(r.targets).toEqual([{ kind: "kubernetes", name: api.url }]);
  });

  it("refuses a server its CA did not sign, and a server that refuses its client certificate, before any load", async () => {
    const other = makeTestPki("DNS:hcp.test");
    expect(await inputProblem(runLoadgen({ target: { kind: "kubernetes", kubeconfig: kubeconfig({ ca: other.ca }), server: api.url }, profile: "light" }))).toMatch(/^--target: cannot reach https:\/\/127\.0\.0\.1:\d+ \(.*(certificate|verify).*\)$/i);
    expect(await inputProblem(runLoadgen({ target: { kind: "kubernetes", kubeconfig: kubeconfig({ clientCert: other.clientCert, clientKey: other.clientKey }), server: api.url }, profile: "light" }))).toMatch(/^--target: cannot reach https:\/\/127\.0\.0\.1:\d+/);
  });
});
