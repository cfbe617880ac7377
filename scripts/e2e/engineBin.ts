import * as fs from "node:fs";
import * as path from "node:path";
import { requireBinary } from "../lab/labBinaries";

const repo = path.resolve(__dirname, "..", "..");

/**
 * A folder for the front of PATH with the real engine under the names Pulumi
 * looks for: `pulumi`, and its resource plugins as ambient plugins
 * (`pulumi-resource-<name>` on PATH is used as it is, nothing is downloaded).
 * kubernetes is the real provider built by `lab install --components engine`;
 * random is the labelled stand-in (randomProviderStandIn.ts), since the Go
 * module proxy serves no version of the real one.
 */
export function engineBinDir(dir: string, env: NodeJS.ProcessEnv = process.env): { dir: string; pulumi: string } {
  fs.mkdirSync(dir, { recursive: true });
  const link = (name: string, target: string) => {
    const p = path.join(dir, name);
    fs.rmSync(p, { force: true });
    fs.symlinkSync(target, p);
  };
  const pulumi = requireBinary("pulumi", env).path;
  link("pulumi", pulumi);
  link("pulumi-resource-kubernetes", requireBinary("pulumi-resource-kubernetes", env).path);
  const random = path.join(dir, "pulumi-resource-random");
  fs.writeFileSync(random, `#!/bin/sh\nexec "${process.execPath}" "${path.join(repo, "bin", "run-ts.js")}" "${path.join(repo, "scripts", "e2e", "randomProviderStandIn.ts")}" "$@"\n`, { mode: 0o755 });
  return { dir, pulumi: path.join(dir, "pulumi") };
}
