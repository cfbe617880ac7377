import * as pulumi from "@pulumi/pulumi";
import type { Config } from "../config/schema";
import { awsArn, mockOutputs } from "./mockOutputs";
import { recordRegistrations, type Registration } from "./registrations";

/** One resource the program registered, as `pulumi up` would submit it. */
export interface PlannedResource {
  /** Pulumi type token, e.g. `aws:ec2/subnet:Subnet`, `kubernetes:k0smotron.io/v1beta2:Cluster`. */
  readonly type: string;
  readonly name: string;
  /** Inputs as submitted; references to other resources appear as their ids (`<name>-id`), secrets as SECRET_PLACEHOLDER. */
  readonly inputs: Record<string, unknown>;
  /** Component types from the stack down to this resource's parent (`hcpbench:platform:Platform`, ...). */
  readonly parents: readonly string[];
  readonly custom: boolean;
  /** The explicit provider reference (`<provider urn>::<id>`) the resource was registered with; empty for the default provider. */
  readonly provider: string;
}

/** A registered resource with its place in the graph the engine orders `up` and `destroy` by. */
export interface EvaluatedResource extends PlannedResource {
  /** URN as the engine forms it (`urn:pulumi:<stack>::<project>::<parent chain>$<type>::<name>`). */
  readonly urn: string;
  /** URN of the parent resource; empty for a resource at the top. */
  readonly parent: string;
  /** URNs the engine records as dependencies: explicit dependsOn expanded through components, plus input references. */
  readonly dependsOn: readonly string[];
  /** Options from the registration request that order creation and replacement. */
  readonly createTimeout: string;
  readonly deleteBeforeReplace: boolean;
}

export interface Evaluation {
  readonly resources: EvaluatedResource[];
  /** Stack outputs with secrets replaced by SECRET_PLACEHOLDER. */
  readonly outputs: Record<string, unknown>;
  /** Stack outputs exactly as the program produced them, secretness kept (for the no-plain-secret checks). */
  readonly rawOutputs: Record<string, pulumi.Output<unknown>>;
}

export const SECRET_PLACEHOLDER = "[secret]";

/**
 * How a resource passed whole as an input (e.g. `cluster` of a managed node
 * group) appears in a plan: a custom resource as its id (`<name>-id`, as an
 * `id` input would), a component as `<type>::<name>`.
 */
export function resourceReference(resource: pulumi.Resource): string {
  const r = resource as unknown as { __name?: string; __pulumiType?: string };
  return pulumi.CustomResource.isInstance(resource) ? `${r.__name}-id` : `${r.__pulumiType}::${r.__name}`;
}

/** Replaces Pulumi's wire form of secrets with a placeholder and resource objects with references, recursively. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === "object") {
    if (pulumi.Resource.isInstance(value)) return resourceReference(value);
    const obj = value as Record<string, unknown>;
    if (obj[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return SECRET_PLACEHOLDER;
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, redactSecrets(v)]));
  }
  return value;
}

async function resolveOutputs(outputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(outputs).map(async ([k, v]) => {
      const out = pulumi.output(v) as pulumi.Output<unknown>;
      const secret = await (out as unknown as { isSecret: Promise<boolean> }).isSecret;
      const value = await new Promise<unknown>((resolve) => out.apply((x: unknown) => resolve(x)));
      return [k, secret ? SECRET_PLACEHOLDER : value] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * The program module, loaded only once the mocks are in place. Under vitest
 * only a dynamic import goes through its module graph (TypeScript, vi.mock);
 * under the CLI's tsx/cjs loader an import() reaches Node's ESM loader, which
 * cannot load TypeScript, so require() is used wherever .ts is registered.
 */
async function loadProgram(): Promise<typeof import("../program")> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (require.extensions[".ts"]) return require("../program") as typeof import("../program");
  return import("../program");
}

/**
 * Runs the real hcpbench program under the Pulumi mock engine: no Pulumi CLI,
 * no cloud credentials. Every resource the program registers is recorded with
 * its inputs. The program module is loaded only after the mocks are in place,
 * so nothing is registered against a real engine.
 */
export async function evaluateProgram(cfg: Config, stack: string): Promise<Evaluation> {
  // The Pulumi SDK takes a stack trace for every promise and resource it creates (only to report
  // source positions, which mocks ignore); mapped through tsx's source maps that dominates the
  // run time of a large fleet. Traces stay off while the program runs, unless debugging.
  const debugging = Boolean(process.env.HCPBENCH_DEBUG);
  const sourceMaps = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled ?? false;
  const traceLimit = Error.stackTraceLimit;
  if (!debugging) {
    process.setSourceMapsEnabled(false);
    Error.stackTraceLimit = 0;
  }
  try {
    return await evaluateUnderMocks(cfg, stack);
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
    Error.stackTraceLimit = traceLimit;
  }
}

async function evaluateUnderMocks(cfg: Config, stack: string): Promise<Evaluation> {
  const recorded: { type: string; name: string; inputs: Record<string, unknown>; custom: boolean; provider: string }[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        // A read (`Secret.get` of a present component's login, id `namespace/name`) creates nothing: answered, not listed.
        if (args.id) return { id: args.id, state: mockOutputs[args.type]?.(args) ?? {} };
        recorded.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs as Record<string, unknown>,
          custom: args.custom ?? true,
          provider: args.provider ?? "",
        });
        const extra = mockOutputs[args.type]?.(args) ?? {};
        const arn = args.type.startsWith("aws:") ? { arn: awsArn(args) } : {};
        return { id: `${args.name}-id`, state: { ...args.inputs, ...arn, ...extra } };
      },
      call(args) {
        const answer = mockCalls[args.token];
        if (!answer) throw new Error(`plan: no mock answer for invoke ${args.token}`);
        return answer(args.inputs as Record<string, unknown>);
      },
    },
    "hcpbench",
    stack,
    false,
  );
  // Every registration request the SDK sends, with the URN the monitor answers (./registrations.ts).
  const registrations = recordRegistrations();

  const { hcpbenchProgram } = await loadProgram();
  const rawOutputs = (await hcpbenchProgram(cfg)) as Record<string, pulumi.Output<unknown>>;
  const outputs = await resolveOutputs(rawOutputs);
  await registrations.settled();

  const byKey = new Map<string, Registration>();
  for (const r of registrations.all()) byKey.set(`${r.type}::${r.name}`, r);
  const resources = recorded.map((r) => {
    const reg = byKey.get(`${r.type}::${r.name}`);
    if (!reg) throw new Error(`plan: ${r.type} ${r.name} reached the mock without a registration request`);
    return {
      type: r.type,
      name: r.name,
      inputs: redactSecrets(r.inputs) as Record<string, unknown>,
      parents: reg.parentTypes,
      custom: r.custom,
      provider: r.provider,
      urn: reg.urn,
      parent: reg.parent,
      dependsOn: reg.dependsOn,
      createTimeout: reg.createTimeout,
      deleteBeforeReplace: reg.deleteBeforeReplace,
    };
  });
  return { resources, outputs, rawOutputs };
}

/** Answers for the invokes the program makes (zones, AMIs, caller identity). */
const mockCalls: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: "000000000000", arn: "arn:aws:iam::000000000000:user/mock", userId: "mock" }),
  "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
};
