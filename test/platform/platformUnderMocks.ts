import * as pulumi from "@pulumi/pulumi";
import type { Config } from "../../infra/config/schema";
import { parseConfig } from "../../infra/config/stackFiles";
import { redactSecrets } from "../../infra/plan/evaluate";
import { mockOutputs } from "../../infra/plan/mockOutputs";
import type { Platform } from "../../infra/platform/platformOutputs";
import { placementFor } from "../../infra/substrate/pools";
import type { ResultsSink, Substrate } from "../../infra/substrate/substrate";

/** A resource the platform registered, as submitted. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  /** Inputs with secrets shown as "[secret]". */
  readonly inputs: Record<string, unknown>;
  /** Inputs as the mock engine received them, secret values in the clear. */
  readonly rawInputs: Record<string, unknown>;
}

/**
 * The platform layer alone under Pulumi mocks, on a substrate with real pool
 * placement (labels and taints from infra/substrate/pools.ts) and recognisable
 * storage classes, so placement and storage can be checked exactly whatever
 * state the substrate layer is in. The whole program is covered by
 * evaluateProgram in platformPlan.test.ts.
 */
export async function evaluatePlatform(fleet: Record<string, unknown>, opts: { sink?: "s3" | "minio"; overrides?: Record<string, unknown> } = {}): Promise<{ cfg: Config; platform: Platform; resources: Registered[] }> {
  const cfg = parseConfig({ fleet, ...(opts.overrides ?? {}) });
  const recorded: Registered[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        recorded.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown>, rawInputs: revealSecrets(args.inputs) as Record<string, unknown> });
        return { id: `${args.name}-id`, state: { ...args.inputs, ...(mockOutputs[args.type]?.(args) ?? {}) } };
      },
      call() {
        throw new Error("the platform makes no invokes");
      },
    },
    "hcpbench",
    "platform-test",
    false,
  );
  // Loaded after the mocks, like the program itself.
  const k8s = await import("@pulumi/kubernetes");
  const { createPlatform } = await import("../../infra/platform/platform");
  const sink: ResultsSink =
    opts.sink === "minio"
      ? {
          kind: "minio",
          bucket: "hcpbench-results",
          prefix: "results",
          region: "us-east-1",
          endpoint: "http://minio.hcpbench-data.svc.cluster.local:9000",
          serviceAccountAnnotations: {},
          credentials: { accessKey: pulumi.secret("substrate-access-key"), secretKey: pulumi.secret("substrate-secret-key") },
        }
      : { kind: "s3", bucket: "results-bucket", prefix: "results", region: "us-east-1", serviceAccountAnnotations: {} };
  const substrate: Substrate = {
    provider: new k8s.Provider("test-k8s", { kubeconfig: "{}", enableServerSideApply: true }),
    placement: placementFor,
    storageClasses: { database: "test-io2", datastore: "test-io2-datastore", general: "test-gp3", perHcp: "test-local" },
    resultsSink: sink,
    kubeconfig: pulumi.secret("{}"),
    ready: [],
  };
  const platform = createPlatform(cfg, substrate);
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  const resources = recorded.map((r) => ({ ...r, inputs: redactSecrets(r.inputs) as Record<string, unknown> }));
  return { cfg, platform, resources };
}

/** Pulumi's wire form of a secret, `{<sig key>: <secret sig>, value}`, replaced by the value. */
function revealSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270") return revealSecrets(obj.value);
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, revealSecrets(v)]));
  }
  return value;
}

/** The value of a Pulumi output, with whether it is secret. */
export async function unwrap<T>(value: pulumi.Input<T>): Promise<{ value: T; secret: boolean }> {
  const out = pulumi.output(value);
  const secret = await (out as unknown as { isSecret: Promise<boolean> }).isSecret;
  const v = await new Promise<T>((resolve) => out.apply((x) => resolve(x as T)));
  return { value: v, secret };
}
