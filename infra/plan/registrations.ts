import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type { RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";

/**
 * What the engine learns from one registration request: the SDK sends a
 * resource's parent, its dependencies (explicit `dependsOn` expanded through
 * components, plus every resource its inputs came from), its provider and
 * options. Read here from the request itself, as the engine reads it, so a
 * plan's graph is the one `pulumi up` and `pulumi destroy` would order by.
 */
export interface Registration {
  readonly type: string;
  readonly name: string;
  /** URN as the engine forms it: the parent's full type chain, then this type (the mock monitor keeps only the parent's own type). */
  readonly urn: string;
  /** Parent URN (engine form); empty at the top (under `pulumi up`, the stack). */
  readonly parent: string;
  /** Component types from the top down to the parent. */
  readonly parentTypes: readonly string[];
  /** Engine-form URNs of every dependency in the request. */
  readonly dependsOn: readonly string[];
  /** Engine-form URN of the explicit provider; empty for the default one. */
  readonly provider: string;
  readonly createTimeout: string;
  readonly deleteBeforeReplace: boolean;
}

interface RawRegistration {
  readonly type: string;
  readonly name: string;
  readonly mockUrn: string;
  readonly parent: string;
  readonly dependsOn: readonly string[];
  readonly provider: string;
  readonly createTimeout: string;
  readonly deleteBeforeReplace: boolean;
}

/** The one @pulumi/pulumi release whose internals this module was checked against (see pulumiSdkPins.test.ts). */
export const pinnedPulumiSdk = "3.248.0";

type Callback = (err: unknown, response?: RegisterResourceResponse) => void;

/**
 * Installs a recorder on the mock monitor that `pulumi.runtime.setMocks` just
 * created (call it right after). Uses only the monitor's public
 * `registerResource` and the generated protobuf getters of the request;
 * the one SDK internal left, waiting for outstanding registrations, is pinned
 * in `settled`.
 */
export function recordRegistrations(): { all(): Registration[]; settled(): Promise<void> } {
  const current = pulumi.runtime.getMonitor();
  if (!(current instanceof MockMonitor)) throw new Error("recordRegistrations: call it after pulumi.runtime.setMocks");
  const monitor: MockMonitor = current;
  const raw: RawRegistration[] = [];
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: RegisterResourceRequest, callback: Callback) =>
    register(req, (err: unknown, response?: RegisterResourceResponse) => {
      if (!err && response) {
        raw.push({
          type: req.getType(),
          name: req.getName(),
          mockUrn: response.getUrn(),
          parent: req.getParent(),
          dependsOn: req.getDependenciesList(),
          provider: req.getProvider(),
          createTimeout: req.getCustomtimeouts()?.getCreate() ?? "",
          deleteBeforeReplace: req.getDeletebeforereplace(),
        });
      }
      callback(err, response);
    });
  return { all: () => engineForm(raw), settled: waitForRegistrations };
}

/**
 * Waits until every registration the program started has been answered.
 * Pulumi has no public call for this under mocks (transforms are off, there
 * is no stack resource); `waitForRPCs` is what `disconnect()` awaits. Pinned:
 * if it moves, this fails naming the release it was checked against.
 */
export async function waitForRegistrations(): Promise<void> {
  const wait = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  if (typeof wait !== "function") {
    throw new Error(`@pulumi/pulumi no longer exports runtime.waitForRPCs (hcpbench's plan was checked against ${pinnedPulumiSdk}): see infra/plan/registrations.ts`);
  }
  await wait();
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` -> its parts (the first `::` field holds `urn:pulumi:<stack>`). */
function urnParts(urn: string): { prefix: string; qualifiedType: string; name: string } {
  const [stack, project, qualifiedType, ...name] = urn.split("::");
  return { prefix: `${stack}::${project}`, qualifiedType, name: name.join("::") };
}

/** `<urn>::<id>` (a provider reference) -> `<urn>`. */
const providerUrn = (ref: string) => (ref ? ref.split("::").slice(0, -1).join("::") : "");

/**
 * Rewrites the mock monitor's URNs into the engine's form. The engine
 * qualifies a child's type with its parent's whole qualified type
 * (`a$b$c`), the mock monitor with the parent's own type only (`b$c`).
 */
function engineForm(raw: readonly RawRegistration[]): Registration[] {
  const byMockUrn = new Map(raw.map((r) => [r.mockUrn, r]));
  const engineUrn = new Map<string, string>();
  const chain = new Map<string, string[]>();
  const resolve = (mockUrn: string): string => {
    const known = engineUrn.get(mockUrn);
    if (known !== undefined) return known;
    const r = byMockUrn.get(mockUrn);
    // A URN no request produced (a provider's default, for example) stays as the monitor made it.
    if (!r) return mockUrn;
    const { prefix } = urnParts(mockUrn);
    const parentUrn = r.parent ? resolve(r.parent) : "";
    const parentType = parentUrn ? urnParts(parentUrn).qualifiedType : "";
    const urn = `${prefix}::${parentType ? `${parentType}$` : ""}${r.type}::${r.name}`;
    engineUrn.set(mockUrn, urn);
    chain.set(mockUrn, r.parent ? [...(chain.get(r.parent) ?? []), urnParts(r.parent).qualifiedType.split("$").pop()!] : []);
    return urn;
  };
  return raw.map((r) => ({
    type: r.type,
    name: r.name,
    urn: resolve(r.mockUrn),
    parent: r.parent ? resolve(r.parent) : "",
    parentTypes: chain.get(r.mockUrn)!,
    dependsOn: r.dependsOn.map(resolve),
    provider: r.provider ? resolve(providerUrn(r.provider)) : "",
    createTimeout: r.createTimeout,
    deleteBeforeReplace: r.deleteBeforeReplace,
  }));
}
