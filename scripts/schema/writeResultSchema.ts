import * as fs from "node:fs";
import * as path from "node:path";
import { resultSchemaFile, rewriteSettings } from "./resultSchemaSettings";

// Regenerates result.schema.json's `settings` block after resultSettings.ts changes.
fs.writeFileSync(resultSchemaFile, rewriteSettings(fs.readFileSync(resultSchemaFile, "utf8")));
console.log(`wrote ${path.relative(process.cwd(), resultSchemaFile)}`);
