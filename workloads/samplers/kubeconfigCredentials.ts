import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** How to reach and authenticate to one Kubernetes API server. */
export interface ApiCredentials {
  readonly server: string;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly insecureSkipTlsVerify?: boolean;
  /** Called per request, so rotating tokens (service-account files, exec plugins) stay fresh. */
  readonly token?: () => string;
}

/** The service-account mount every pod gets (unless automount is off). */
export const inClusterPaths: { readonly token: string; readonly ca: string } = {
  token: "/var/run/secrets/kubernetes.io/serviceaccount/token",
  ca: "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
};

/** In-cluster credentials: the pod's service-account token (re-read per request: the kubelet rotates it). */
export function inClusterCredentials(env: NodeJS.ProcessEnv = process.env, paths = inClusterPaths): ApiCredentials {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? "443";
  if (!host) throw new Error("not running in a pod: KUBERNETES_SERVICE_HOST is unset");
  const server = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return { server, ca: fs.readFileSync(paths.ca, "utf8"), token: () => fs.readFileSync(paths.token, "utf8").trim() };
}

interface KubeconfigDoc {
  "current-context"?: string;
  clusters?: { name: string; cluster: Record<string, unknown> }[];
  users?: { name: string; user: Record<string, unknown> }[];
  contexts?: { name: string; context: { cluster: string; user: string } }[];
}

interface ExecConfig {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * Credentials from kubeconfig text: server, CA, client certificate, token or token file, and exec
 * plugins (as EKS kubeconfigs use). `baseDir` resolves relative file paths, as kubectl does.
 */
export function kubeconfigCredentials(text: string, opts: { context?: string; baseDir?: string } = {}): ApiCredentials {
  const doc = (parse(text) ?? {}) as KubeconfigDoc;
  const contextName = opts.context ?? doc["current-context"];
  const context = doc.contexts?.find((c) => c.name === contextName)?.context;
  if (!context) throw new Error(`kubeconfig has no context "${contextName ?? ""}"`);
  const cluster = doc.clusters?.find((c) => c.name === context.cluster)?.cluster;
  if (!cluster) throw new Error(`kubeconfig has no cluster "${context.cluster}"`);
  const user = doc.users?.find((u) => u.name === context.user)?.user ?? {};
  const server = str(cluster.server);
  if (!server) throw new Error(`kubeconfig cluster "${context.cluster}" has no server`);

  const baseDir = opts.baseDir ?? process.cwd();
  const file = (p: string | undefined) => (p ? fs.readFileSync(path.resolve(baseDir, p), "utf8") : undefined);
  const b64 = (v: unknown) => (str(v) ? Buffer.from(str(v)!, "base64").toString("utf8") : undefined);

  const staticToken = str(user.token);
  const tokenFile = str(user.tokenFile);
  const exec = user.exec as ExecConfig | undefined;
  const token = staticToken
    ? () => staticToken
    : tokenFile
      ? () => file(tokenFile)!.trim()
      : exec
        ? execTokenSource(exec)
        : undefined;

  return {
    server: server.replace(/\/+$/, ""),
    ca: b64(cluster["certificate-authority-data"]) ?? file(str(cluster["certificate-authority"])),
    cert: b64(user["client-certificate-data"]) ?? file(str(user["client-certificate"])),
    key: b64(user["client-key-data"]) ?? file(str(user["client-key"])),
    insecureSkipTlsVerify: cluster["insecure-skip-tls-verify"] === true,
    token,
  };
}

/** Runs the exec plugin when its token is missing or expired (client.authentication.k8s.io ExecCredential). */
function execTokenSource(exec: ExecConfig): () => string {
  let cached: { token: string; expiresAt: number } | undefined;
  return () => {
    if (cached && Date.now() < cached.expiresAt) return cached.token;
    const env = { ...process.env, ...Object.fromEntries((exec.env ?? []).map((e) => [e.name, e.value])) };
    const out = execFileSync(exec.command, exec.args ?? [], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    const status = (JSON.parse(out) as { status?: { token?: string; expirationTimestamp?: string } }).status;
    if (!status?.token) throw new Error(`kubeconfig exec plugin ${exec.command} returned no token`);
    // Refresh a minute early; without an expiry, ask again after five minutes.
    const expiry = status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : Date.now() + 5 * 60_000;
    cached = { token: status.token, expiresAt: expiry - 60_000 };
    return status.token;
  };
}
