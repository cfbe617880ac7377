import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { InputError } from "../../../../infra/names/inputError";

/** What it takes to talk to one API server; plain data, so it can be handed to a worker thread. */
export interface KubeConnection {
  readonly server: string;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly token?: string;
  /** "user:password" for basic auth (rare, but kubeconfigs allow it). */
  readonly basicAuth?: string;
  readonly insecureSkipTlsVerify?: boolean;
  /** SNI / certificate name to verify when the server URL is an override (e.g. an in-cluster Service). */
  readonly tlsServerName?: string;
}

interface NamedEntry<T> { name?: string; [k: string]: unknown; cluster?: T; user?: T; context?: T }
interface RawCluster { server?: string; "certificate-authority-data"?: string; "certificate-authority"?: string; "insecure-skip-tls-verify"?: boolean; "tls-server-name"?: string }
interface RawUser {
  "client-certificate-data"?: string; "client-certificate"?: string; "client-key-data"?: string; "client-key"?: string;
  token?: string; tokenFile?: string; username?: string; password?: string; exec?: unknown; "auth-provider"?: unknown;
}
interface RawContext { cluster?: string; user?: string }
interface RawKubeconfig { clusters?: NamedEntry<RawCluster>[]; users?: NamedEntry<RawUser>[]; contexts?: NamedEntry<RawContext>[]; "current-context"?: string }

/**
 * Reads a kubeconfig (YAML text, or a path) into a connection. Every problem
 * is an InputError naming --target: it is checked before load starts.
 * `exec` credentials (EKS's aws-iam-authenticator, ...) are resolved once
 * through @kubernetes/client-node, which knows every plugin convention.
 */
export async function loadKubeconfig(kubeconfig: string, opts: { context?: string; server?: string } = {}): Promise<KubeConnection> {
  const isText = kubeconfig.includes("\n");
  const baseDir = isText ? process.cwd() : path.dirname(path.resolve(kubeconfig));
  let text = kubeconfig;
  if (!isText) {
    try {
      text = fs.readFileSync(kubeconfig, "utf8");
    } catch (err) {
      throw new InputError(`--target: cannot read kubeconfig ${kubeconfig} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  let raw: RawKubeconfig;
  try {
    raw = parseYaml(text) as RawKubeconfig;
  } catch (err) {
    throw new InputError(`--target: kubeconfig is not valid YAML (${(err as Error).message.split("\n")[0]})`);
  }
  if (!raw || typeof raw !== "object" || !Array.isArray(raw.clusters) || !Array.isArray(raw.contexts)) {
    throw new InputError("--target: not a kubeconfig (it needs clusters and contexts lists)");
  }
  const contextName = opts.context ?? raw["current-context"];
  if (!contextName) throw new InputError("--target: kubeconfig has no current-context; pass a context");
  const context = byName(raw.contexts, contextName)?.context;
  if (!context) throw new InputError(`--target: kubeconfig has no context "${contextName}" (has: ${names(raw.contexts)})`);
  const cluster = byName(raw.clusters, context.cluster)?.cluster;
  if (!cluster) throw new InputError(`--target: context "${contextName}" names cluster "${context.cluster ?? ""}", which the kubeconfig does not define`);
  const user: RawUser = (context.user ? byName(raw.users ?? [], context.user)?.user : undefined) ?? {};
  const server = opts.server ?? cluster.server;
  if (!server || !/^https?:\/\/[^\s/]+/.test(server)) throw new InputError(`--target: cluster server must be an http(s) URL (got "${server ?? ""}")`);

  const read = (data: string | undefined, file: string | undefined, what: string): string | undefined => {
    if (data) return Buffer.from(data, "base64").toString("utf8");
    if (!file) return undefined;
    try {
      return fs.readFileSync(path.resolve(baseDir, file), "utf8");
    } catch {
      throw new InputError(`--target: kubeconfig ${what} file ${file} cannot be read`);
    }
  };
  let token = user.token ?? (user.tokenFile ? read(undefined, user.tokenFile, "token")?.trim() : undefined);
  let cert = read(user["client-certificate-data"], user["client-certificate"], "client certificate");
  let key = read(user["client-key-data"], user["client-key"], "client key");
  if (user.exec || user["auth-provider"]) ({ token, cert, key } = await resolvePluginCredentials(text, contextName, baseDir, { token, cert, key }));
  if (Boolean(cert) !== Boolean(key)) throw new InputError("--target: kubeconfig user has a client certificate without a key (or a key without a certificate)");
  return {
    server: server.replace(/\/+$/, ""),
    ca: read(cluster["certificate-authority-data"], cluster["certificate-authority"], "certificate authority"),
    ...(cert && key ? { cert, key } : {}),
    ...(token ? { token } : {}),
    ...(user.username && user.password ? { basicAuth: `${user.username}:${user.password}` } : {}),
    ...(cluster["insecure-skip-tls-verify"] ? { insecureSkipTlsVerify: true } : {}),
    // An override URL (an in-cluster Service) still has to match the certificate issued for the original name.
    ...(cluster["tls-server-name"] ? { tlsServerName: cluster["tls-server-name"] } : opts.server && cluster.server ? { tlsServerName: new URL(cluster.server).hostname } : {}),
  };
}

async function resolvePluginCredentials(text: string, context: string, baseDir: string, found: { token?: string; cert?: string; key?: string }) {
  const { KubeConfig } = await import("@kubernetes/client-node");
  const kc = new KubeConfig();
  kc.loadFromString(text);
  kc.makePathsAbsolute(baseDir);
  kc.setCurrentContext(context);
  const options: { headers?: Record<string, string>; cert?: unknown; key?: unknown } = { headers: {} };
  try {
    await kc.applyToHTTPSOptions(options);
  } catch (err) {
    throw new InputError(`--target: kubeconfig credential plugin failed (${(err as Error).message.split("\n")[0]})`);
  }
  const auth = options.headers?.Authorization ?? options.headers?.authorization;
  const bearer = typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : undefined;
  const asText = (v: unknown) => (v === undefined || v === null ? undefined : Buffer.isBuffer(v) ? v.toString("utf8") : String(v));
  return { token: bearer ?? found.token, cert: asText(options.cert) ?? found.cert, key: asText(options.key) ?? found.key };
}

function byName<T>(list: NamedEntry<T>[], name: string | undefined): NamedEntry<T> | undefined {
  return name === undefined ? undefined : list.find((e) => e?.name === name);
}

function names(list: NamedEntry<unknown>[]): string {
  return list.map((e) => e?.name).filter(Boolean).join(", ") || "none";
}
