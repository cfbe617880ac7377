import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findKine } from "./kineServer";

describe("findKine: HCPBENCH_BIN_DIR, then the versioned cache, then PATH; missing is an error", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kine-find-"));
  const exe = (p: string) => {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, "#!/bin/sh\n", { mode: 0o755 });
    return p;
  };
  const binDir = path.join(root, "bin");
  const home = path.join(root, "home");
  const onPath = path.join(root, "path");
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("takes the first that exists, in that order", () => {
    const fromPath = exe(path.join(onPath, "kine"));
    expect(findKine({ PATH: onPath }, home)).toBe(fromPath);
    // As `hcpbench lab install` names it: version, then its build tag (a fresh machine has only this one).
    const cached = exe(path.join(home, ".cache/hcpbench/bin/kine-v0.17.5+nats"));
    expect(findKine({ PATH: onPath }, home)).toBe(cached);
    const pinned = exe(path.join(binDir, "kine"));
    expect(findKine({ PATH: onPath, HCPBENCH_BIN_DIR: binDir }, home)).toBe(pinned);
  });

  it("throws, naming where it looked, when there is none (tests fail rather than skip)", () => {
    const empty = path.join(root, "empty");
    fs.mkdirSync(empty);
    expect(() => findKine({ PATH: empty, HCPBENCH_BIN_DIR: empty }, empty)).toThrow(/kine v0\.17\.5 not found \(looked in .*empty\/kine, .*empty\/kine-v0\.17\.5, .*empty\/\.cache\/hcpbench\/bin\/kine-v0\.17\.5\+nats and PATH\)/);
  });

  it("ignores a file that is not executable", () => {
    const dir = path.join(root, "noexec");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "kine"), "", { mode: 0o644 });
    expect(() => findKine({ PATH: dir }, path.join(root, "nohome"))).toThrow(/not found/);
  });
});
