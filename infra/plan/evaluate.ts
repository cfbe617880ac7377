import * as pulumi from "@pulumi/pulumi";
import type { Config } from "../config/schema";
import { awsArn, mockOutputs } from "./mockOutputs";

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

export interface Evaluation {
  readonly resources: PlannedResource[];
  /** Stack outputs with secrets replaced by SECRET_PLACEHOLDER. */
  readonly outputs: Record<string, unknown>;
  /** Stack outputs exactly as the program produced them, secretness kept (for the no-plain-secret checks). */
  readonly rawOutputs: Record<string, pulumi.Output<unknown>>;
}

/** The parts of @pulumi/pulumi's MockMonitor this module relies on (internal API, pinned version). */
interface MockMonitorInternals {
  resources: Map<string, unknown>;
  newUrn(parent: string, type: string, name: string): string;
}

export const SECRET_PLACEHOLDER = "[secret]";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

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
    if (obj[SIG_KEY] === SECRET_SIG) return SECRET_PLACEHOLDER;
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
  // The mock monitor names a child's URN after its parent's own type only, so the chain of
  // components above a resource is rebuilt from the parent URN of each registration.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const monitor = (require("@pulumi/pulumi/runtime/settings") as { getMonitor(): MockMonitorInternals }).getMonitor();
  const parentUrn = new Map<string, string>();
  const newUrn = monitor.newUrn.bind(monitor);
  monitor.newUrn = (parent, type, name) => {
    const urn = newUrn(parent, type, name);
    if (parent) parentUrn.set(urn, parent);
    return urn;
  };

  const { hcpbenchProgram } = await loadProgram();
  const rawOutputs = (await hcpbenchProgram(cfg)) as Record<string, pulumi.Output<unknown>>;
  const outputs = await resolveOutputs(rawOutputs);
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();

  // urn:pulumi:<stack>::<project>::[<parent type>$]<type>::<name>
  const typeOf = (urn: string) => urn.split("::")[2].split("$").pop()!;
  const parentsByKey = new Map<string, string[]>();
  for (const urn of monitor.resources.keys()) {
    const chain: string[] = [];
    for (let p = parentUrn.get(urn); p !== undefined; p = parentUrn.get(p)) chain.unshift(typeOf(p));
    parentsByKey.set(`${typeOf(urn)}::${urn.split("::").slice(3).join("::")}`, chain);
  }
  const resources = recorded.map((r) => ({
    type: r.type,
    name: r.name,
    inputs: redactSecrets(r.inputs) as Record<string, unknown>,
    parents: parentsByKey.get(`${r.type}::${r.name}`) ?? [],
    custom: r.custom,
    provider: r.provider,
  }));
  return { resources, outputs, rawOutputs };
}

/** Answers for the invokes the program makes (zones, AMIs, caller identity). */
const mockCalls: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: "000000000000", arn: "arn:aws:iam::000000000000:user/mock", userId: "mock" }),
  "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
};
