import * as net from "node:net";
import type { ManagementApi } from "../../workloads/samplers/managementApi";

/** An in-cluster Service address (`http://minio.hcpbench-data.svc.cluster.local:9000`) that only a tunnel reaches from here. */
export interface InClusterService {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
}

export function inClusterService(endpoint: string): InClusterService | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.cluster\.local)?$/.exec(url.hostname);
  if (!m) return undefined;
  return { name: m[1], namespace: m[2], port: Number(url.port || (url.protocol === "https:" ? 443 : 80)) };
}

interface EndpointsDoc {
  subsets?: { addresses?: { targetRef?: { kind?: string; name?: string } }[]; ports?: { port?: number }[] }[];
}

/**
 * A local port that tunnels to a ready pod behind the Service (the API
 * server's port-forward, as `kubectl port-forward svc/...` does). Object
 * storage signatures cover the Host header, which is the local address on
 * both ends of the tunnel, so S3 requests through it verify.
 */
export async function openServiceTunnel(kubeconfig: string, api: ManagementApi, svc: InClusterService): Promise<{ endpoint: string; close(): Promise<void> }> {
  const eps = await api.getJson<EndpointsDoc>(`/api/v1/namespaces/${svc.namespace}/endpoints/${svc.name}`);
  const subset = eps.subsets?.find((s) => s.addresses?.some((a) => a.targetRef?.kind === "Pod"));
  const pod = subset?.addresses?.find((a) => a.targetRef?.kind === "Pod")?.targetRef?.name;
  const targetPort = subset?.ports?.[0]?.port;
  if (!pod || !targetPort) throw new Error(`service ${svc.namespace}/${svc.name} has no ready pod to forward to`);
  // Loaded only here: the client takes a second and a half to import, and only MinIO behind a tunnel needs it.
  const { KubeConfig, PortForward } = await import("@kubernetes/client-node");
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  const forward = new PortForward(kc, true);
  const server = net.createServer((socket) => {
    forward.portForward(svc.namespace, pod, [targetPort], socket, null, socket).catch((err: Error) => socket.destroy(err));
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface SecretDoc {
  data?: Record<string, string>;
}

/**
 * MinIO's credentials from the cluster: the bench's results Secret when the
 * bench layer is up, else the MinIO chart's root Secret.
 */
export async function minioCredentials(api: ManagementApi, candidates: readonly { namespace: string; name: string; accessKey: string; secretKey: string }[]) {
  for (const c of candidates) {
    try {
      const s = await api.getJson<SecretDoc>(`/api/v1/namespaces/${c.namespace}/secrets/${c.name}`);
      const a = s.data?.[c.accessKey];
      const k = s.data?.[c.secretKey];
      if (a && k) return { accessKeyId: Buffer.from(a, "base64").toString("utf8"), secretAccessKey: Buffer.from(k, "base64").toString("utf8") };
    } catch {
      // Try the next one.
    }
  }
  throw new Error(`no MinIO credentials found in ${candidates.map((c) => `${c.namespace}/${c.name}`).join(" or ")}`);
}
