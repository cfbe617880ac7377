/** Labels on every object of the bench layer, so `kubectl get -l app.kubernetes.io/name=hcpbench-bench -A` finds them all. */
export function benchLabels(extra: Record<string, string> = {}): Record<string, string> {
  return { "app.kubernetes.io/name": "hcpbench-bench", "app.kubernetes.io/part-of": "hcpbench", ...extra };
}
