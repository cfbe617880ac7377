/**
 * What evaluateProgram's records leave out but the fleet's behaviour rests on:
 * each resource's dependencies (dependsOn plus input references), custom
 * timeouts and deleteBeforeReplace, as the SDK sends them to the engine.
 * Recorded by wrapping the mock monitor's registerResource, in tests only.
 */
export interface RegistrationOptions {
  /** `<type>::<name>` of every resource this one depends on. */
  readonly dependsOn: readonly string[];
  readonly createTimeout: string;
  readonly deleteBeforeReplace: boolean;
}

interface Request {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
  getCustomtimeouts(): { getCreate(): string } | undefined;
  getDeletebeforereplace(): boolean;
}

const recorded = new Map<string, RegistrationOptions>();
let installed = false;

/** `urn:pulumi:<stack>::<project>::[<parent type>$]<type>::<name>` -> `<type>::<name>`. */
function key(urn: string): string {
  const parts = urn.split("::");
  return `${parts[2].split("$").at(-1)}::${parts.slice(3).join("::")}`;
}

export function recordRegistrationOptions(): Map<string, RegistrationOptions> {
  if (!installed) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: { prototype: { registerResource(req: Request, cb: unknown): Promise<void> } } };
    const original = MockMonitor.prototype.registerResource;
    MockMonitor.prototype.registerResource = function (req: Request, cb: unknown) {
      recorded.set(`${req.getType()}::${req.getName()}`, {
        dependsOn: req.getDependenciesList().map(key),
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
