import Ajv, { type ValidateFunction } from "ajv";
import schema from "./result.schema.json";

let compiled: ValidateFunction | undefined;

/** Checks a document against result.json's JSON Schema (result.schema.json, schemaVersion 1). */
export function validateResult(doc: unknown): { valid: boolean; errors: string[] } {
  compiled ??= new Ajv({ allErrors: true, strict: true }).compile(schema);
  const valid = compiled(doc) as boolean;
  return { valid, errors: (compiled.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`) };
}
