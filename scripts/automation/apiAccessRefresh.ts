import { isIPv4 } from "node:net";
import { parseCidr } from "../../infra/config/cidr";

/** Where this machine's public address is asked: AWS's own echo service (HCPBENCH_CHECKIP_URL overrides it). */
export const defaultCheckIpUrl = "https://checkip.amazonaws.com";

/** This machine's public IPv4 address as AWS sees it, or why it is not known. */
export async function detectPublicIp(url: string, timeoutMs = 10_000): Promise<{ ip: string } | { problem: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = (await res.text()).trim();
    if (!res.ok) return { problem: `${url} answered HTTP ${res.status}` };
    return isIPv4(text) ? { ip: text } : { problem: `${url} answered "${text.slice(0, 60)}", not an IPv4 address` };
  } catch (err) {
    return { problem: `${url}: ${(err as Error).message}` };
  }
}

const ipv4Number = (ip: string) => ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);

/** Whether an IPv4 block holds the address. */
export function cidrHolds(cidr: string, ip: string): boolean {
  const block = parseCidr(cidr);
  if (typeof block === "string" || block.family !== 4) return false;
  const size = 2 ** (32 - block.prefix);
  return Math.floor(ipv4Number(block.address) / size) === Math.floor(ipv4Number(ip) / size);
}

/**
 * The allow-list `destroy` needs to reach the EKS API from `ip`: undefined when a block already holds
 * it, else the list plus this address alone (/32), never a wider block.
 */
export function allowListFor(current: readonly string[], ip: string): string[] | undefined {
  if (current.some((c) => cidrHolds(c, ip))) return undefined;
  return [...current, `${ip}/32`];
}

/**
 * The EKS control plane inside pulumi-eks's Cluster component ("eks", in the AWS substrate): the only
 * resource whose vpcConfig.publicAccessCidrs holds the allow-list. pulumi-eks names it `${name}-eksCluster`.
 */
export function eksControlPlaneUrn(stack: string): string {
  return `urn:pulumi:${stack}::hcpbench::hcpbench:substrate:Aws$eks:index:Cluster$aws:eks/cluster:Cluster::eks-eksCluster`;
}
