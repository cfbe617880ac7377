import * as fs from "node:fs";
import { parseKubeconfig, pluginCredentials } from "../loadgen/drivers/kubernetes/kubeconfig";

/** How to reach and authenticate to one Kubernetes API server. */
export interface ApiCredentials {
  readonly server: string;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly insecureSkipTlsVerify?: boolean;
  /** Called per request, so rotating tokens (service-account files, exec plugins) stay fresh. */
  readonly token?: () => string | Promise<string>;
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

/**
 * Credentials from kubeconfig text, through the one kubeconfig parser (the
 * load generator's): server, CA, client certificate, a token or token file,
 * and exec plugins (as EKS kubeconfigs use). `baseDir` resolves relative file
 * paths, as kubectl does. A token file is re-read and a plugin asked per
 * request (client-node caches its token until it expires), so a sampler that
 * runs for hours keeps a valid token.
 */
export function kubeconfigCredentials(text: string, opts: { context?: string; baseDir?: string } = {}): ApiCredentials {
  const flag = "management kubeconfig";
  const { connection, tokenFile, plugin } = parseKubeconfig(text, { ...opts, flag });
  const fromPlugin = plugin ? pluginCredentials(plugin, flag) : undefined;
  const staticToken = connection.token;
  const token = fromPlugin
    ? async () => {
        const got = await fromPlugin();
        if (!got.token) throw new Error(`${flag}: its credential plugin returned no token`);
        return got.token;
      }
    : tokenFile
      ? () => fs.readFileSync(tokenFile, "utf8").trim()
      : staticToken
        ? () => staticToken
        : undefined;
  return {
    server: connection.server,
    ca: connection.ca,
    cert: connection.cert,
    key: connection.key,
    insecureSkipTlsVerify: connection.insecureSkipTlsVerify === true,
    token,
  };
}
