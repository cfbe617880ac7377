import * as fs from "node:fs";
import * as https from "node:https";
import * as path from "node:path";
import type { LabRun } from "./labRun";
import type { HcpPki } from "./labCertificates";
import { waitUntil, type LabProcess } from "./labProcesses";

export interface ApiServerArgs {
  readonly backend: string;
  readonly hcp: string;
  readonly port: number;
  readonly etcdServers: string;
  readonly etcdPrefix: string;
  readonly pki: HcpPki;
}

/**
 * kube-apiserver as an HCP runs it: TLS with its own CA, client certificates
 * checked against that CA, RBAC (and Node) authorization, service-account
 * tokens signed with the HCP's key. It listens and advertises on 127.0.0.1;
 * the endpoint reconciler is off because the "kubernetes" Endpoints object
 * refuses a loopback address (and nothing here routes to it).
 */
export function apiServerFlags(a: ApiServerArgs): string[] {
  const issuer = `https://127.0.0.1:${a.port}`;
  return [
    `--etcd-servers=${a.etcdServers}`,
    `--etcd-prefix=${a.etcdPrefix}`,
    `--bind-address=127.0.0.1`,
    `--advertise-address=127.0.0.1`,
    `--secure-port=${a.port}`,
    `--endpoint-reconciler-type=none`,
    `--cert-dir=${a.pki.dir}`,
    `--tls-cert-file=${a.pki.serverCert}`,
    `--tls-private-key-file=${a.pki.serverKey}`,
    `--client-ca-file=${a.pki.caCert}`,
    `--authorization-mode=Node,RBAC`,
    `--service-account-issuer=${issuer}`,
    `--service-account-key-file=${a.pki.serviceAccountPub}`,
    `--service-account-signing-key-file=${a.pki.serviceAccountKey}`,
    `--api-audiences=${issuer}`,
    `--service-cluster-ip-range=10.96.0.0/12`,
    `--allow-privileged=true`,
    `--profiling=false`,
  ];
}

/** GET path on the HCP's API server as its admin; resolves status and body. */
export function adminGet(apiUrl: string, pki: Pick<HcpPki, "caCert" | "adminCert" | "adminKey">, urlPath: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      `${apiUrl}${urlPath}`,
      { ca: fs.readFileSync(pki.caCert), cert: fs.readFileSync(pki.adminCert), key: fs.readFileSync(pki.adminKey), timeout: timeoutMs },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

export async function startApiServer(run: LabRun, a: ApiServerArgs): Promise<{ process: LabProcess; apiUrl: string }> {
  const dir = run.folder(a.backend, a.hcp);
  const apiUrl = `https://127.0.0.1:${a.port}`;
  const p = await run.launch({ role: `kube-apiserver ${a.backend}/${a.hcp}`, exe: run.bin("kube-apiserver"), args: [...apiServerFlags(a), ...(run.extraFlags.apiServer ?? [])], log: path.join(dir, "kube-apiserver.log"), cwd: dir });
  await waitUntil(p, "an ok /readyz", async () => (await adminGet(apiUrl, a.pki, "/readyz")).status === 200, 300_000, run.signal);
  return { process: p, apiUrl };
}
