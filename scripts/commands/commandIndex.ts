/**
 * What `hcpbench --help` lists, kept apart from the commands themselves so
 * the CLI can show it without loading any command's modules (Pulumi, the AWS
 * SDK, the load generator). Each command module reads its description here.
 */
export interface CommandSummary {
  /** How the top-level help shows the command: name, then `[options]` and its arguments. */
  readonly term: string;
  readonly description: string;
}

export const commandSummaries = {
  plan: {
    term: "plan [options] <stack>",
    description: "Show every resource a stack would create and what it costs per hour, offline (no AWS, no Pulumi CLI)",
  },
  up: {
    term: "up [options] <stack>",
    description: "Build one stack's test-bed (substrate, platform, fleet) and, unless bench.enabled=false, run its bench Job",
  },
  destroy: { term: "destroy [options] <stack>", description: "Remove everything one stack created (not interrupted by Ctrl-C)" },
  run: { term: "run [options] <stack>", description: "Rerun the bench on a stack that is up, without rebuilding it, and download the results" },
  sweep: {
    term: "sweep [options] <stacks...>",
    description: "Run stacks one after another (or K at once): up fleet, capture capacity, run the bench, collect results, destroy (always)",
  },
  loadgen: {
    term: "loadgen [options]",
    description: "Drive API load at one Kubernetes API server (or several, for mixed-*) or straight at etcd; writes DIR/result.json and DIR/perf.csv",
  },
  report: {
    term: "report [options] <source>",
    description: "Turn results (a folder or s3://bucket/prefix; this tool's or the original bench's CSVs) into tables, charts and one HTML page",
  },
  gc: {
    term: "gc [options]",
    description: "Find AWS resources tagged by hcpbench whose stack is gone; with --delete remove empty buckets and print commands for the rest",
  },
  lab: {
    term: "lab",
    description: "Real control planes on this machine: kube-apiserver on etcd or kine, on loopback (install, up, bench, conformance, down; cluster up|down: a local management cluster with kwok nodes)",
  },
  conformance: {
    term: "conformance [options]",
    description: "Run the upstream Kubernetes e2e suite (default focus sig-api-machinery) against one control plane; writes junit.xml, conformance.json and a summary row",
  },
} as const satisfies Record<string, CommandSummary>;

export type CommandName = keyof typeof commandSummaries;
