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
}

export interface Evaluation {
  readonly resources: PlannedResource[];
  /** Stack outputs with secrets replaced by SECRET_PLACEHOLDER. */
  readonly outputs: Record<string, unknown>;
  /** Stack outputs exactly as the program produced them, secretness kept (for the no-plain-secret checks). */
  readonly rawOutputs: Record<string, pulumi.Output<unknown>>;
}

export const SECRET_PLACEHOLDER = "[secret]";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Replaces Pulumi's wire form of secrets with a placeholder, recursively. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) return SECRET_PLACEHOLDER;
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, redactSecrets(v)]));
  }
  return value;
}

async function resolveOutputs(outputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(outputs).map(async ([k, v]) => {
      const out = pulumi.output(v as pulumi.Input<unknown>);
      const secret = await (out as unknown as { isSecret: Promise<boolean> }).isSecret;
      const value = await new Promise<unknown>((resolve) => out.apply((x) => resolve(x)));
      return [k, secret ? SECRET_PLACEHOLDER : value] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * Runs the real hcpbench program under the Pulumi mock engine: no Pulumi CLI,
 * no cloud credentials. Every resource the program registers is recorded with
 * its inputs. The program module is loaded only after the mocks are in place,
 * so nothing is registered against a real engine.
 */
export async function evaluateProgram(cfg: Config, stack: string): Promise<Evaluation> {
  const recorded: { type: string; name: string; inputs: Record<string, unknown>; custom: boolean }[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        recorded.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown>, custom: args.custom ?? true });
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { hcpbenchProgram } = require("../program") as typeof import("../program");
  const rawOutputs = (await hcpbenchProgram(cfg)) as Record<string, pulumi.Output<unknown>>;
  const outputs = await resolveOutputs(rawOutputs);
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();

  // The mock monitor knows each resource's URN, whose type chain names its parents.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const monitor = (require("@pulumi/pulumi/runtime/settings") as { getMonitor(): { resources: Map<string, unknown> } }).getMonitor();
  const parentsByKey = new Map<string, string[]>();
  for (const urn of monitor.resources.keys()) {
    const [, , , typeChain, name] = urn.split("::");
    const chain = typeChain.split("$");
    parentsByKey.set(`${chain[chain.length - 1]}::${name}`, chain.slice(0, -1));
  }
  const resources = recorded.map((r) => ({
    type: r.type,
    name: r.name,
    inputs: redactSecrets(r.inputs) as Record<string, unknown>,
    parents: parentsByKey.get(`${r.type}::${r.name}`) ?? [],
    custom: r.custom,
  }));
  return { resources, outputs, rawOutputs };
}

/** Answers for the invokes the program makes (zones, AMIs, caller identity). */
const mockCalls: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: "000000000000", arn: "arn:aws:iam::000000000000:user/mock", userId: "mock" }),
  "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
};
