import * as path from "node:path";
import { resultSettingsJsonSchema } from "../../workloads/loadgen/resultSettings";

/** The checked-in JSON Schema of result.json. */
export const resultSchemaFile = path.resolve(__dirname, "../../workloads/loadgen/result.schema.json");

const compact = (v: unknown): string =>
  v !== null && typeof v === "object" && !Array.isArray(v)
    ? `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${compact(x)}`).join(", ")} }`
    : Array.isArray(v)
      ? `[${v.map(compact).join(", ")}]`
      : JSON.stringify(v);

export function settingsBlock(indent = "    "): string {
  const { properties, ...rest } = resultSettingsJsonSchema() as { properties: Record<string, unknown> };
  const lines = Object.entries(rest).map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${compact(v)},`);
  const props = Object.entries(properties).map(([k, v]) => `${indent}    ${JSON.stringify(k)}: ${compact(v)}`);
  return [`${indent}"settings": {`, ...lines, `${indent}  "properties": {`, props.join(",\n"), `${indent}  }`, `${indent}},`].join("\n");
}

/** The file's text with its `settings` block generated from the zod schema in resultSettings.ts; the rest as it is. */
export function rewriteSettings(text: string): string {
  const start = text.indexOf('    "settings": {');
  const end = text.indexOf("\n    },", start);
  if (start < 0 || end < 0) throw new Error(`${resultSchemaFile}: no top-level "settings" block`);
  return text.slice(0, start) + settingsBlock() + text.slice(end + "\n    },".length);
}

