/**
 * What evaluateProgram's records leave out but the fleet's creation waves and the bench's ordering rest on:
 * each resource's dependencies (dependsOn plus input references), custom timeouts and
 * deleteBeforeReplace, as the SDK sends them to the engine. Recorded by wrapping the mock
 * monitor's registerResource (tests only).
 */
export interface Registration {
  /** `<type>::<name>` of every resource this one depends on (dependsOn plus input references). */
  readonly dependsOn: readonly string[];
  readonly createTimeout: string;
  readonly deleteBeforeReplace: boolean;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
  getCustomtimeouts(): { getCreate(): string } | undefined;
  getDeletebeforereplace(): boolean;
}

const recorded = new Map<string, Registration>();
let installed = false;

/** `urn:pulumi:<stack>::<project>::[<parent type>$]<type>::<name>` -> `<type>::<name>`. */
export function typeAndName(urn: string): string {
  const [, , typeChain, ...name] = urn.split("::");
  return `${typeChain.split("$").at(-1)}::${name.join("::")}`;
}

/** Starts (or restarts) recording; returns the live map, keyed `<type>::<name>`. */
export function recordRegistrations(): Map<string, Registration> {
  if (!installed) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: { prototype: { registerResource(req: RegisterRequest, cb: unknown): Promise<void> } } };
    const original = MockMonitor.prototype.registerResource;
    MockMonitor.prototype.registerResource = function (req: RegisterRequest, cb: unknown) {
      recorded.set(`${req.getType()}::${req.getName()}`, {
        dependsOn: req.getDependenciesList().map(typeAndName),
        createTimeout: req.getCustomtimeouts()?.getCreate() ?? "",
        deleteBeforeReplace: req.getDeletebeforereplace(),
      });
      return original.call(this, req, cb);
    };
    installed = true;
  }
  recorded.clear();
  return recorded;
}
