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

/** What {@link parseKubeconfig} finds besides the connection: where rotating credentials come from. */
export interface ParsedKubeconfig {
  /** Server, CA and static credentials (inline or from files, read once). */
  readonly connection: KubeConnection;
  /** The token file's absolute path, for readers that re-read it (the kubelet rotates service-account tokens). */
  readonly tokenFile?: string;
  /** The user gets its credentials from an exec plugin or an auth provider: see {@link pluginCredentials}. */
  readonly plugin?: { readonly text: string; readonly context: string; readonly baseDir: string };
}

/** Options shared by every reader; `flag` names the setting in error messages ("--target"). */
export interface KubeconfigOptions {
  readonly context?: string;
  readonly server?: string;
  /** Folder that relative file paths resolve against, as kubectl does (default: the working directory). */
  readonly baseDir?: string;
  readonly flag?: string;
}

/**
 * The one kubeconfig parser: YAML text into a connection. Every problem is an
 * InputError naming the flag, so it is caught before load starts. Plugin
 * credentials are not run here: {@link loadKubeconfig} resolves them once for
 * the load generator, the samplers ask per request.
 */
export function parseKubeconfig(text: string, opts: KubeconfigOptions = {}): ParsedKubeconfig {
  const flag = opts.flag ?? "--target";
  const baseDir = opts.baseDir ?? process.cwd();
  let raw: RawKubeconfig;
  try {
    raw = parseYaml(text) as RawKubeconfig;
  } catch (err) {
    throw new InputError(`${flag}: kubeconfig is not valid YAML (${(err as Error).message.split("\n")[0]})`);
  }
  if (!raw || typeof raw !== "object" || !Array.isArray(raw.clusters) || !Array.isArray(raw.contexts)) {
    throw new InputError(`${flag}: not a kubeconfig (it needs clusters and contexts lists)`);
  }
  const contextName = opts.context ?? raw["current-context"];
  if (!contextName) throw new InputError(`${flag}: kubeconfig has no current-context; pass a context`);
  const context = byName(raw.contexts, contextName)?.context;
  if (!context) throw new InputError(`${flag}: kubeconfig has no context "${contextName}" (has: ${names(raw.contexts)})`);
  const cluster = byName(raw.clusters, context.cluster)?.cluster;
  if (!cluster) throw new InputError(`${flag}: context "${contextName}" names cluster "${context.cluster ?? ""}", which the kubeconfig does not define`);
  const user: RawUser = (context.user ? byName(raw.users ?? [], context.user)?.user : undefined) ?? {};
  const server = opts.server ?? cluster.server;
  if (!server || !/^https?:\/\/[^\s/]+/.test(server)) throw new InputError(`${flag}: cluster server must be an http(s) URL (got "${server ?? ""}")`);

  const read = (data: string | undefined, file: string | undefined, what: string): string | undefined => {
    if (data) return Buffer.from(data, "base64").toString("utf8");
    if (!file) return undefined;
    try {
      return fs.readFileSync(path.resolve(baseDir, file), "utf8");
    } catch {
      throw new InputError(`${flag}: kubeconfig ${what} file ${file} cannot be read`);
    }
  };
  const tokenFile = user.tokenFile ? path.resolve(baseDir, user.tokenFile) : undefined;
  const token = user.token ?? (tokenFile ? read(undefined, tokenFile, "token")?.trim() : undefined);
  const cert = read(user["client-certificate-data"], user["client-certificate"], "client certificate");
  const key = read(user["client-key-data"], user["client-key"], "client key");
  const plugin = user.exec || user["auth-provider"] ? { text, context: contextName, baseDir } : undefined;
  if (!plugin && Boolean(cert) !== Boolean(key)) throw new InputError(`${flag}: kubeconfig user has a client certificate without a key (or a key without a certificate)`);
  const connection: KubeConnection = {
    server: server.replace(/\/+$/, ""),
    ca: read(cluster["certificate-authority-data"], cluster["certificate-authority"], "certificate authority"),
    ...(cert && key ? { cert, key } : {}),
    ...(token ? { token } : {}),
    ...(user.username && user.password ? { basicAuth: `${user.username}:${user.password}` } : {}),
    ...(cluster["insecure-skip-tls-verify"] ? { insecureSkipTlsVerify: true } : {}),
    // An override URL (an in-cluster Service) still has to match the certificate issued for the original name.
    ...(cluster["tls-server-name"] ? { tlsServerName: cluster["tls-server-name"] } : opts.server && cluster.server ? { tlsServerName: new URL(cluster.server).hostname } : {}),
  };
  return { connection, ...(tokenFile ? { tokenFile } : {}), ...(plugin ? { plugin } : {}) };
}

/**
 * Reads a kubeconfig (YAML text, or a path) into a connection for the load
 * generator: plain data, so plugin credentials (EKS's aws-iam-authenticator,
 * ...) are resolved once, before load starts.
 */
export async function loadKubeconfig(kubeconfig: string, opts: KubeconfigOptions = {}): Promise<KubeConnection> {
  const flag = opts.flag ?? "--target";
  const isText = kubeconfig.includes("\n");
  let text = kubeconfig;
  if (!isText) {
    try {
      text = fs.readFileSync(kubeconfig, "utf8");
    } catch (err) {
      throw new InputError(`${flag}: cannot read kubeconfig ${kubeconfig} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  const parsed = parseKubeconfig(text, { ...opts, baseDir: opts.baseDir ?? (isText ? process.cwd() : path.dirname(path.resolve(kubeconfig))) });
  if (!parsed.plugin) return parsed.connection;
  const { token, cert, key } = await pluginCredentials(parsed.plugin, flag)();
  const found = parsed.connection;
  const merged = { token: token ?? found.token, cert: cert ?? found.cert, key: key ?? found.key };
  if (Boolean(merged.cert) !== Boolean(merged.key)) throw new InputError(`${flag}: kubeconfig user has a client certificate without a key (or a key without a certificate)`);
  const { token: _t, cert: _c, key: _k, ...rest } = found;
  return { ...rest, ...(merged.cert && merged.key ? { cert: merged.cert, key: merged.key } : {}), ...(merged.token ? { token: merged.token } : {}) };
}

/** Credentials a plugin hands out; any may be missing. */
export interface PluginCredentials {
  readonly token?: string;
  readonly cert?: string;
  readonly key?: string;
}

/**
 * Runs the kubeconfig's exec plugin or auth provider through
 * @kubernetes/client-node, which knows every plugin convention and caches an
 * exec credential until its expirationTimestamp: call the returned function
 * per request to stay fresh.
 */
export function pluginCredentials(plugin: NonNullable<ParsedKubeconfig["plugin"]>, flag = "--target"): () => Promise<PluginCredentials> {
  let kc: import("@kubernetes/client-node").KubeConfig | undefined;
  return async () => {
    if (!kc) {
      const { KubeConfig } = await import("@kubernetes/client-node");
      kc = new KubeConfig();
      kc.loadFromString(plugin.text);
      kc.makePathsAbsolute(plugin.baseDir);
      kc.setCurrentContext(plugin.context);
    }
    const options: { headers?: Record<string, string>; cert?: unknown; key?: unknown } = { headers: {} };
    try {
      await kc.applyToHTTPSOptions(options);
    } catch (err) {
      throw new InputError(`${flag}: kubeconfig credential plugin failed (${(err as Error).message.split("\n")[0]})`);
    }
    const auth = options.headers?.Authorization ?? options.headers?.authorization;
    const bearer = typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : undefined;
    const asText = (v: unknown) => (v === undefined || v === null ? undefined : Buffer.isBuffer(v) ? v.toString("utf8") : String(v));
    return { token: bearer, cert: asText(options.cert), key: asText(options.key) };
  };
}

function byName<T>(list: NamedEntry<T>[], name: string | undefined): NamedEntry<T> | undefined {
  return name === undefined ? undefined : list.find((e) => e?.name === name);
}

function names(list: NamedEntry<unknown>[]): string {
  return list.map((e) => e?.name).filter(Boolean).join(", ") || "none";
}
