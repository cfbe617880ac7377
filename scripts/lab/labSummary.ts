import type { LabState } from "./labState";

/** What `lab up` prints: one line per HCP, then where lab.json is. */
export function formatLabSummary(state: LabState): string {
  const lines = state.hcps.map((h) => {
    const where = h.storage.kind === "etcd" ? `etcd ${h.storage.endpoint} prefix ${h.storage.prefix}` : `kine ${h.storage.endpoint} on ${h.storage.engine}${h.storage.nats ? ` (${h.storage.nats})` : ""}`;
    return `${h.backend}/${h.name}  ${h.apiUrl}  ready in ${h.secondsToReady.toFixed(1)} s  ${where}  kubeconfig ${h.kubeconfig}`;
  });
  return `${lines.join("\n")}\nlab: ${state.hcps.length} control planes up; ${state.dir}/lab.json (0600) lists pids and storage; npx hcpbench lab down --dir ${state.dir} stops them\n`;
}
