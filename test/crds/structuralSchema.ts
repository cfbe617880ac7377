import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";

/**
 * Validation of objects against upstream CRDs the way the API server treats
 * them: a Kubernetes structural schema converted to JSON Schema for ajv.
 *
 * - Fields the API server would prune (unknown fields under a schema that
 *   does not preserve unknown fields) are errors: `additionalProperties: false`
 *   wherever an object schema neither lists `additionalProperties` nor sets
 *   `x-kubernetes-preserve-unknown-fields`.
 * - `x-kubernetes-int-or-string` accepts an integer or a string;
 *   `nullable` adds null; `x-kubernetes-embedded-resource` allows
 *   apiVersion/kind/metadata.
 * - Defaults are applied first, as the API server does before validating
 *   (a required field with a default may be left out).
 * - The root `metadata` (left open by every CRD) is checked as ObjectMeta:
 *   a DNS-1123 name, string labels and annotations, nothing else.
 * - CEL rules (`x-kubernetes-validations`) are not evaluated here.
 */

type Schema = Record<string, unknown>;

/** POSIX character classes of Go's RE2 (the API server's regexp engine), as JavaScript ranges. */
const posixClasses: Record<string, string> = {
  alnum: "A-Za-z0-9",
  alpha: "A-Za-z",
  digit: "0-9",
  lower: "a-z",
  upper: "A-Z",
  xdigit: "0-9A-Fa-f",
  space: "\\s",
  word: "\\w",
};

/** CRD patterns are RE2; the few RE2-only constructs they use are rewritten for JavaScript. */
export function re2ToJs(pattern: string): string {
  return pattern.replace(/\[:([a-z]+):\]/g, (whole, name: string) => posixClasses[name] ?? whole);
}

const dropped = new Set(["description", "default", "example", "externalDocs", "title"]);

/** A Kubernetes structural schema node as a JSON Schema node. */
export function toJsonSchema(node: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (dropped.has(key) || key.startsWith("x-kubernetes-")) continue;
    if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, toJsonSchema(v)]));
    } else if (key === "items" || key === "not") {
      out[key] = toJsonSchema(value as Schema);
    } else if (key === "additionalProperties") {
      out.additionalProperties = typeof value === "boolean" ? value : toJsonSchema(value as Schema);
    } else if (key === "anyOf" || key === "allOf" || key === "oneOf") {
      out[key] = (value as Schema[]).map(toJsonSchema);
    } else if (key === "nullable") {
      continue;
    } else if (key === "pattern") {
      out.pattern = re2ToJs(String(value));
    } else if ((key === "exclusiveMinimum" || key === "exclusiveMaximum") && typeof value === "boolean") {
      // OpenAPI v3.0 booleans modify minimum/maximum; JSON Schema takes the bound itself.
      const bound = key === "exclusiveMinimum" ? "minimum" : "maximum";
      if (value) out[key] = node[bound];
    } else {
      out[key] = value;
    }
  }
  if (node["x-kubernetes-int-or-string"] === true) {
    delete out.type;
    out.anyOf = [{ type: "integer" }, { type: "string" }];
  }
  if (node.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  if (node["x-kubernetes-embedded-resource"] === true) {
    out.properties = { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" }, ...((out.properties as Schema) ?? {}) };
  }
  const isObject = node.type === "object";
  if (isObject && node.additionalProperties === undefined && node["x-kubernetes-preserve-unknown-fields"] !== true) {
    // The API server prunes every field the schema does not list.
    out.additionalProperties = false;
  }
  return out;
}

const dns1123Subdomain = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
const stringMap = { type: "object", additionalProperties: { type: "string" } };

/** ObjectMeta fields a manifest may set on creation. */
export const objectMetaSchema: Schema = {
  type: "object",
  required: ["name"],
  properties: {
    name: { type: "string", pattern: dns1123Subdomain, maxLength: 253 },
    namespace: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 },
    labels: stringMap,
    annotations: stringMap,
  },
  additionalProperties: false,
};

/**
 * Structural defaulting: wherever an object is present, absent properties
 * that have a `default` get it (recursively, also inside arrays). Returns a copy.
 */
export function applyDefaults(schema: Schema, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = schema.items as Schema | undefined;
    return items ? value.map((v) => applyDefaults(items, v)) : value;
  }
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [k, sub] of Object.entries(props)) {
    if (out[k] === undefined && sub.default !== undefined) out[k] = structuredClone(sub.default);
    if (out[k] !== undefined) out[k] = applyDefaults(sub, out[k]);
  }
  const extra = schema.additionalProperties;
  if (extra && typeof extra === "object") {
    for (const k of Object.keys(out)) if (!(k in props)) out[k] = applyDefaults(extra as Schema, out[k]);
  }
  return out;
}

export interface CrdVersion {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  readonly served: boolean;
  readonly scope: "Namespaced" | "Cluster";
  readonly schema: Schema;
}

/** Every version of every CRD in the given files (multi-document YAML allowed). */
export function loadCrds(files: readonly string[]): CrdVersion[] {
  const out: CrdVersion[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, "utf8"))) {
      const crd = doc.toJS() as { kind?: string; spec?: Schema } | null;
      if (crd?.kind !== "CustomResourceDefinition" || !crd.spec) continue;
      const spec = crd.spec as { group: string; scope: "Namespaced" | "Cluster"; names: { kind: string }; versions: Schema[] };
      for (const v of spec.versions) {
        out.push({
          group: spec.group,
          kind: spec.names.kind,
          version: String(v.name),
          served: v.served === true,
          scope: spec.scope,
          schema: (v.schema as { openAPIV3Schema: Schema }).openAPIV3Schema,
        });
      }
    }
  }
  return out;
}

export const fixtureCrdDir = path.resolve(__dirname, "..", "fixtures", "crds");

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const int = (bits: number) => (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** (bits - 1);
  ajv.addFormat("int32", { type: "number", validate: int(32) });
  ajv.addFormat("int64", { type: "number", validate: int(64) });
  ajv.addFormat("byte", { type: "string", validate: (s: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0 });
  ajv.addFormat("date-time", { type: "string", validate: (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s) });
  return ajv;
}

export interface ValidationResult {
  readonly ok: boolean;
  /** One line per problem: `<instance path>: <message>`. */
  readonly errors: string[];
}

const describe = (e: ErrorObject) =>
  `${e.instancePath || "/"}: ${e.message}${e.keyword === "additionalProperties" ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})` : ""}`;

/** Validates custom resources against the CRD versions they name; a version the CRD does not serve is an error. */
export class CrdValidator {
  private readonly ajv = newAjv();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly crds: readonly CrdVersion[]) {}

  find(apiVersion: string, kind: string): CrdVersion | undefined {
    const [group, version] = apiVersion.split("/");
    return this.crds.find((c) => c.group === group && c.kind === kind && c.version === version);
  }

  knows(apiVersion: string, kind: string): boolean {
    const group = apiVersion.split("/")[0];
    return this.crds.some((c) => c.group === group && c.kind === kind);
  }

  validate(obj: Record<string, unknown>): ValidationResult {
    const apiVersion = String(obj.apiVersion);
    const kind = String(obj.kind);
    const crd = this.find(apiVersion, kind);
    if (!crd) return { ok: false, errors: [`${apiVersion} ${kind}: no such version in the CRD`] };
    if (!crd.served) return { ok: false, errors: [`${apiVersion} ${kind}: version is not served`] };
    const key = `${apiVersion}/${kind}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      const root = toJsonSchema(crd.schema);
      root.properties = { ...(root.properties as Schema), metadata: objectMetaSchema };
      root.required = [...new Set([...((root.required as string[]) ?? []), "apiVersion", "kind", "metadata"])];
      fn = this.ajv.compile(root);
      this.compiled.set(key, fn);
    }
    const errors: string[] = [];
    if (fn(applyDefaults(crd.schema, obj)) !== true) errors.push(...(fn.errors ?? []).map(describe));
    const ns = (obj.metadata as { namespace?: unknown } | undefined)?.namespace;
    if (crd.scope === "Cluster" && ns !== undefined) errors.push(`/metadata/namespace: ${kind} is cluster-scoped`);
    if (crd.scope === "Namespaced" && ns === undefined) errors.push(`/metadata/namespace: ${kind} is namespaced and needs one`);
    return { ok: errors.length === 0, errors };
  }
}

const compiledSchemas = new WeakMap<Schema, ValidateFunction>();

/** Validates a value against a sub-schema of a CRD (e.g. the k0s ClusterConfig for Cluster.spec.k0sConfig). */
export function validateAgainst(schema: Schema, value: unknown): ValidationResult {
  let fn = compiledSchemas.get(schema);
  if (!fn) {
    fn = newAjv().compile(toJsonSchema(schema));
    compiledSchemas.set(schema, fn);
  }
  return fn(applyDefaults(schema, value)) === true ? { ok: true, errors: [] } : { ok: false, errors: (fn.errors ?? []).map(describe) };
}
