#!/usr/bin/env node
// The CLI is written in TypeScript; tsx compiles it on the fly so a fresh clone needs no build step.
require("tsx/cjs");
const { main } = require("../scripts/cli.ts");
main(process.argv).then((code) => {
  // Exit explicitly (the Pulumi runtime can leave handles open), but only once stdout has drained.
  process.stdout.write("", () => process.exit(code));
});
