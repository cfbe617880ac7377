/**
 * HCP names: `hcp-001` ... `hcp-100`, wider only when the fleet needs it
 * (`hcp-0001` ... `hcp-1000`), so names sort in creation order.
 */
export function hcpNames(count: number): string[] {
  const width = Math.max(3, String(count).length);
  return Array.from({ length: count }, (_, i) => `hcp-${String(i + 1).padStart(width, "0")}`);
}

/** The database and user of an HCP on a shared SQL server: `hcp-001` -> `hcp_001` (a plain SQL identifier, no quoting needed). */
export function hcpDatabaseName(hcpName: string): string {
  return hcpName.replace(/-/g, "_");
}

/**
 * Creation waves: HCP i waits for HCP i - parallelism to be Ready, so at most
 * `parallelism` HCPs are being created at once (the original run created 10 at a time).
 * Returns the index HCP i depends on, or undefined for the first wave.
 */
export function creationPredecessor(index: number, parallelism: number): number | undefined {
  return index >= parallelism ? index - parallelism : undefined;
}
