import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/**
 * The repository's named, versioned skip list: e2e tests that cannot pass on
 * a control plane without worker nodes, one reason each. The runner appends
 * their patterns to the skip expression and prints every entry, so no test is
 * dropped without its reason in the output.
 */
const entrySchema = z.object({ name: z.string().regex(/^[a-z0-9-]+$/), pattern: z.string().min(1), reason: z.string().min(10) });
const skipListSchema = z.object({ suite: z.string().regex(/^v\d+\.\d+$/), entries: z.array(entrySchema).min(1) });

export type SkipEntry = z.infer<typeof entrySchema>;
export interface SkipList {
  readonly suite: string;
  readonly file: string;
  readonly entries: readonly SkipEntry[];
}

/** kine's CI skip expression for the conformance image, focused on sig-api-machinery. */
export const upstreamSkip = "StorageVersionAPI|Slow|Flaky|Feature:OffByDefault|100 namespaces in 150 seconds";
export const defaultFocus = "sig-api-machinery";

export const skipListDir = path.join(__dirname, "skips");

/** "v1.33.13" -> skips/v1.33.yaml */
export function skipListFor(suiteVersion: string, dir = skipListDir): SkipList {
  const m = /^v?(\d+)\.(\d+)\./.exec(suiteVersion);
  if (!m) throw new Error(`not a Kubernetes version: ${suiteVersion}`);
  const file = path.join(dir, `v${m[1]}.${m[2]}.yaml`);
  if (!fs.existsSync(file)) throw new Error(`${file}: no skip list for the e2e suite ${suiteVersion}; add one (see skips/*.yaml)`);
  const parsed = skipListSchema.safeParse(parseYaml(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  if (parsed.data.suite !== `v${m[1]}.${m[2]}`) throw new Error(`${file}: says suite ${parsed.data.suite}, expected v${m[1]}.${m[2]}`);
  return { suite: parsed.data.suite, file, entries: parsed.data.entries };
}

/** The skip expression e2e.test gets: the user's (or the upstream default), then each entry's pattern. */
export function combinedSkip(userSkip: string, list: SkipList | undefined): string {
  return [userSkip, ...(list?.entries.map((e) => e.pattern) ?? [])].filter((s) => s !== "").join("|");
}
