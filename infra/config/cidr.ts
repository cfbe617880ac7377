import { isIPv4, isIPv6 } from "node:net";

/** A CIDR block: an address (checked by node:net, which refuses leading zeros and out-of-range octets) and a prefix length. */
export interface Cidr {
  readonly family: 4 | 6;
  readonly address: string;
  readonly prefix: number;
}

/** The block, or why it is not one. A prefix is a decimal without leading zeros, at most 32 (IPv4) or 128 (IPv6). */
export function parseCidr(text: string): Cidr | string {
  const slash = text.indexOf("/");
  if (slash < 0) return "must be a CIDR block with a prefix length, e.g. 198.51.100.7/32";
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
  if (family === undefined) return `"${address}" is not an IPv4 or IPv6 address`;
  const max = family === 4 ? 32 : 128;
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > max) return `prefix "/${prefixText}" must be a whole number from 0 to ${max}`;
  return { family, address, prefix: Number(prefixText) };
}

/**
 * Why a block may not open the public EKS API, or undefined when it may: it
 * must parse, be IPv4 (EKS takes no IPv6 block on an IPv4 cluster, which
 * hcpbench builds) and not cover every address (a /0 of either family).
 */
export function apiAccessCidrProblem(text: string): string | undefined {
  const cidr = parseCidr(text);
  if (typeof cidr === "string") return `${cidr} (got "${text}")`;
  if (cidr.prefix === 0) return `must not open the API to every address (${text}); use your own address, e.g. 198.51.100.7/32`;
  if (cidr.family === 6) return `must be an IPv4 block: EKS accepts no IPv6 block for an IPv4 cluster (got "${text}")`;
  return undefined;
}
