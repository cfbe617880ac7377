import { createHmac } from "node:crypto";

/**
 * Each HCP's own database password, derived from one generated master secret:
 * HMAC-SHA256(master, "hcpbench-db:<hcp>") as hex. One RandomPassword serves
 * a 1,000-HCP fleet (instead of 1,000 resources), each HCP still gets a
 * distinct password, and knowing one HCP's password reveals nothing about
 * another's or the master. The program calls this inside an apply on the
 * master secret, so every result stays a Pulumi secret.
 */
export function hcpDatabasePassword(master: string, hcpName: string): string {
  return createHmac("sha256", master).update(`hcpbench-db:${hcpName}`).digest("hex");
}
