#!/usr/bin/env node
// Runs one TypeScript file (bench scripts, helpers) with the same loader the CLI uses.
const path = require("node:path");
require("tsx/cjs");
const file = process.argv[2];
if (!file) {
  console.error("usage: run-ts.js <file.ts> [args...]");
  process.exit(2);
}
process.argv.splice(1, 1);
require(path.resolve(file));
