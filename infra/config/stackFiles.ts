import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { configSchema, type Config } from "./schema";
import { CONFIG_NAMESPACE, formatIssues } from "./formatIssues";
import { InputError } from "../names/inputError";

/** The repository root: stacks/ and Pulumi.yaml live here. */
export const projectRoot = path.resolve(__dirname, "..", "..");

export type RawConfig = Record<string, unknown>;

export function stackFilePath(stack: string, root = projectRoot): string {
  return path.join(root, "stacks", `Pulumi.${stack}.yaml`);
}

/** Every stack with a file under stacks/, sorted. */
export function listStacks(root = projectRoot): string[] {
  return fs
    .readdirSync(path.join(root, "stacks"))
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/**
 * Reads a stack file as the Pulumi CLI does: the `config:` map, keys
 * `<namespace>:<key>`. Keys of other namespaces (aws:, kubernetes:) are left
 * to their providers; `secure:` values are never read here.
 */
export function readStackFile(stack: string, root = projectRoot): RawConfig {
  const file = stackFilePath(stack, root);
  if (!fs.existsSync(file)) {
    const known = listStacks(root);
    throw new InputError(`stack "${stack}": unknown; known stacks: ${known.join(", ")}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new InputError(`${path.relative(root, file)}: not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const config = (doc as { config?: unknown } | null)?.config ?? {};
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new InputError(`${path.relative(root, file)}: "config" must be a map of settings`);
  }
  const raw: RawConfig = {};
  for (const [key, value] of Object.entries(config)) {
    const [ns, name] = key.includes(":") ? key.split(":", 2) : [CONFIG_NAMESPACE, key];
    if (ns === CONFIG_NAMESPACE) raw[name] = value;
  }
  return raw;
}

/** Validates raw settings; every problem becomes one line of an InputError. */
export function parseConfig(raw: RawConfig): Config {
  const result = configSchema.safeParse(raw, { reportInput: true });
  if (!result.success) throw new InputError(formatIssues(result.error.issues));
  return result.data;
}

/**
 * Applies `path=value` overrides (`fleet.count=1000`, `bench.concurrency=[50,200]`)
 * on top of a stack file's settings. Values are read as YAML so numbers and
 * lists keep their types.
 */
export function applyOverrides(raw: RawConfig, overrides: readonly string[]): RawConfig {
  const out: RawConfig = structuredClone(raw);
  for (const o of overrides) {
    const eq = o.indexOf("=");
    if (eq <= 0) throw new InputError(`--set ${o}: must be path=value, e.g. fleet.count=50`);
    const keys = o.slice(0, eq).replace(new RegExp(`^${CONFIG_NAMESPACE}:`), "").split(".");
    const value: unknown = parseYaml(o.slice(eq + 1));
    let node = out;
    for (const k of keys.slice(0, -1)) {
      const next = node[k];
      if (typeof next !== "object" || next === null || Array.isArray(next)) node[k] = {};
      node = node[k] as RawConfig;
    }
    node[keys[keys.length - 1]] = value;
  }
  return out;
}

export function loadStackConfig(stack: string, opts: { root?: string; overrides?: readonly string[] } = {}): Config {
  const raw = readStackFile(stack, opts.root);
  return parseConfig(applyOverrides(raw, opts.overrides ?? []));
}

/**
 * Config as the Pulumi engine hands it to the program: `hcpbench:<key>` ->
 * string (JSON for objects). Used by infra/index.ts under `pulumi up` and under mocks.
 */
export function rawConfigFromPulumi(all: Record<string, string>): RawConfig {
  const raw: RawConfig = {};
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
    const name = key.slice(CONFIG_NAMESPACE.length + 1);
    try {
      raw[name] = JSON.parse(value);
    } catch {
      raw[name] = value;
    }
  }
  return raw;
}

/** The inverse of rawConfigFromPulumi, for mocks and the Automation API. */
export function rawConfigToPulumi(raw: RawConfig): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [`${CONFIG_NAMESPACE}:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}
