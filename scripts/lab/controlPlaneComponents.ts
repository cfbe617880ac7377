import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as path from "node:path";
import type { HcpPki } from "./labCertificates";
import { adminKubeconfig, writeSecretFile } from "./labKubeconfig";
import { waitUntil, type LabProcess } from "./labProcesses";
import type { LabRun } from "./labRun";

/**
 * kube-controller-manager and kube-scheduler beside an HCP's API server, as
 * a k0s or Kamaji control plane runs them (`lab up --components full`). The
 * e2e framework needs the controllers: every test namespace waits for its
 * default service account, and namespaces are deleted by the namespace
 * controller.
 */

/** The identities the API server's RBAC bootstrap policy binds (system:kube-controller-manager, system:kube-scheduler). */
export const componentSubjects = {
  "kube-controller-manager": "/CN=system:kube-controller-manager",
  "kube-scheduler": "/CN=system:kube-scheduler",
} as const;
export type ControlPlaneComponent = keyof typeof componentSubjects;

/** A client certificate signed by the HCP's CA for one component; returns its kubeconfig path. */
export function componentKubeconfig(pki: HcpPki, component: ControlPlaneComponent, hcp: string, apiUrl: string, out: string): string {
  const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: pki.dir, stdio: "pipe" });
  ssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", `${component}.key`);
  fs.chmodSync(path.join(pki.dir, `${component}.key`), 0o600);
  ssl("req", "-new", "-key", `${component}.key`, "-out", `${component}.csr`, "-subj", componentSubjects[component]);
  fs.writeFileSync(path.join(pki.dir, `${component}.ext`), "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n");
  ssl("x509", "-req", "-in", `${component}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${component}.crt`, "-days", "30", "-extfile", `${component}.ext`);
  fs.rmSync(path.join(pki.dir, `${component}.csr`));
  fs.rmSync(path.join(pki.dir, `${component}.ext`));
  const text = adminKubeconfig(hcp, apiUrl, { ...pki, adminCert: path.join(pki.dir, `${component}.crt`), adminKey: path.join(pki.dir, `${component}.key`) });
  writeSecretFile(out, text.replaceAll(`${hcp}-admin`, `${hcp}-${component}`));
  return out;
}

export interface ComponentArgs {
  readonly kubeconfig: string;
  readonly port: number;
  readonly certDir: string;
  readonly pki: HcpPki;
}

/** Delegated authentication and authorization through the same identity, serving on loopback only. */
function commonFlags(a: ComponentArgs): string[] {
  return [
    `--kubeconfig=${a.kubeconfig}`,
    `--authentication-kubeconfig=${a.kubeconfig}`,
    `--authorization-kubeconfig=${a.kubeconfig}`,
    `--bind-address=127.0.0.1`,
    `--secure-port=${a.port}`,
    `--cert-dir=${a.certDir}`,
    `--profiling=false`,
  ];
}

/**
 * Service-account tokens signed with the key the API server verifies, the
 * HCP's CA published into each namespace (kube-root-ca.crt), CSRs signed by
 * that CA, and one service account per controller, as kubeadm sets it up.
 */
export function controllerManagerFlags(a: ComponentArgs): string[] {
  return [
    ...commonFlags(a),
    `--service-account-private-key-file=${a.pki.serviceAccountKey}`,
    `--root-ca-file=${a.pki.caCert}`,
    `--cluster-signing-cert-file=${a.pki.caCert}`,
    `--cluster-signing-key-file=${a.pki.caKey}`,
    `--use-service-account-credentials=true`,
    `--service-cluster-ip-range=10.96.0.0/12`,
  ];
}

export function schedulerFlags(a: ComponentArgs): string[] {
  return commonFlags(a);
}

/** /healthz of a component's own serving port (its self-signed certificate, on loopback). */
export function componentHealthy(port: number, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get({ host: "127.0.0.1", port, path: "/healthz", rejectUnauthorized: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode === 200));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(false));
  });
}

export interface StartedComponents {
  readonly controllerManager: LabProcess;
  readonly scheduler: LabProcess;
}

/** Starts both, each with its own identity, and returns once both answer /healthz. */
export async function startControlPlaneComponents(
  run: LabRun,
  o: { backend: string; hcp: string; apiUrl: string; pki: HcpPki; ports: { controllerManager: number; scheduler: number } },
): Promise<StartedComponents> {
  const dir = run.folder(o.backend, o.hcp);
  const start = async (component: ControlPlaneComponent, port: number, flags: (a: ComponentArgs) => string[]) => {
    const kubeconfig = componentKubeconfig(o.pki, component, o.hcp, o.apiUrl, path.join(o.pki.dir, `${component}.kubeconfig`));
    const args = flags({ kubeconfig, port, certDir: run.folder(o.backend, o.hcp, `${component}-serving`), pki: o.pki });
    const p = await run.launch({ role: `${component} ${o.backend}/${o.hcp}`, exe: run.bin(component), args, log: path.join(dir, `${component}.log`), cwd: dir });
    return { p, port };
  };
  const cm = await start("kube-controller-manager", o.ports.controllerManager, controllerManagerFlags);
  const sched = await start("kube-scheduler", o.ports.scheduler, schedulerFlags);
  await Promise.all([cm, sched].map(({ p, port }) => waitUntil(p, "an ok /healthz", () => componentHealthy(port), 120_000, run.signal)));
  return { controllerManager: cm.p, scheduler: sched.p };
}
