import { z } from "zod";

/** The stack outputs infra/program.ts returns, as `pulumi stack output --json --show-secrets` gives them. */
export const stackOutputsSchema = z.object({
  backend: z.string(),
  hcpCount: z.number(),
  kubeconfig: z.string(),
  results: z.object({
    kind: z.enum(["s3", "minio"]),
    bucket: z.string().min(1),
    prefix: z.string(),
    region: z.string(),
    endpoint: z.string(),
    sweepId: z.string(),
  }),
  hcps: z.array(z.object({ name: z.string(), namespace: z.string(), kind: z.string(), apiServerUrl: z.string() })),
  benchJobs: z.array(z.string()),
});

export type StackOutputs = z.infer<typeof stackOutputsSchema>;

/** Outputs from the Automation API's `{key: {value, secret}}` map; a stack that was never up has none. */
export function parseStackOutputs(map: Record<string, { value: unknown }>, stack: string): StackOutputs {
  const plain = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.value]));
  const parsed = stackOutputsSchema.safeParse(plain);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`stack ${stack}: outputs are not what hcpbench expects (${problems}); is the stack up?`);
  }
  return parsed.data;
}
