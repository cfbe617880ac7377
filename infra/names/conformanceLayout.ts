/**
 * Where a conformance run lands in the sweep layout (beside the bench points
 * of resultsLayout.ts):
 *
 *   <prefix>/<sweepId>/<stack>/conformance/<hcp>/{junit.xml,conformance.json,conformance.csv,e2e.log}
 *
 * The report finds runs by conformance.json.
 */
export const conformanceFolder = "conformance";
export const conformanceFiles = ["junit.xml", "conformance.json", "conformance.csv", "e2e.log"] as const;

export function conformanceDir(hcp: string): string {
  return `${conformanceFolder}/${hcp}`;
}

/** `<...>/<stack>/conformance/<hcp>/conformance.json` -> { stack, hcp }, else undefined. */
export function parseConformanceKey(key: string): { stack: string; hcp: string } | undefined {
  const m = /(?:^|\/)([^/]+)\/conformance\/([^/]+)\/conformance\.json$/.exec(key);
  return m ? { stack: m[1]!, hcp: m[2]! } : undefined;
}
