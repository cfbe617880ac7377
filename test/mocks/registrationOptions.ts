import type { Evaluation } from "../../infra/plan/evaluate";

/**
 * The registration options of an evaluation keyed `<type>::<name>`, with
 * dependencies in the same short form: what the fleet's creation waves and
 * the bench's ordering tests compare. Read from `evaluateProgram`'s records,
 * which take them from the registration requests (infra/plan/registrations.ts).
 */
export interface Registration {
  /** `<type>::<name>` of every resource this one depends on (dependsOn plus input references). */
  readonly dependsOn: readonly string[];
  readonly createTimeout: string;
  readonly deleteBeforeReplace: boolean;
}

/** `urn:pulumi:<stack>::<project>::[<parent types>$]<type>::<name>` -> `<type>::<name>`. */
export function typeAndName(urn: string): string {
  const [, , typeChain, ...name] = urn.split("::");
  return `${typeChain.split("$").at(-1)}::${name.join("::")}`;
}

export function registrationOptions(ev: Pick<Evaluation, "resources">): Map<string, Registration> {
  return new Map(
    ev.resources.map((r) => [
      `${r.type}::${r.name}`,
      { dependsOn: r.dependsOn.map(typeAndName), createTimeout: r.createTimeout, deleteBeforeReplace: r.deleteBeforeReplace },
    ]),
  );
}
