import type { Config } from "../../config/schema";

/** Tag keys that name the test-bed a resource belongs to; `hcpbench gc` finds leftovers by these. */
export const stackTagKey = "hcpbench:stack";
export const projectTagKey = "hcpbench:project";

/**
 * Tags every AWS resource of a stack carries (the provider's default tags).
 * The user's own `tags` come first so they can never hide which stack owns a resource.
 */
export function stackTags(cfg: Config, stack: string, project: string): Record<string, string> {
  return { ...cfg.tags, [stackTagKey]: stack, [projectTagKey]: project };
}

/** The same tags plus a Name, for things default tags do not reach (instances and volumes launched by node groups). */
export function namedTags(tags: Record<string, string>, name: string): Record<string, string> {
  return { ...tags, Name: name };
}
