import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { binaryPins, componentSets, findBinary, requireBinary, versionMatchesPin } from "./labBinaries";
import { buildTags } from "./storage/natsServer";
import { etcdWrapperGoMod, findGo, stagingReplaces, stagingVersionOf } from "./goModuleBuilds";

const repo = path.resolve(__dirname, "..", "..");
const cli = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ["bin/hcpbench.js", ...args], { cwd: repo, encoding: "utf8", env, timeout: 120_000 });

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-labinstall-"));
}

function fakeProgram(dir: string, name: string, versionLine: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, `#!/bin/sh\necho '${versionLine}'\n`, { mode: 0o755 });
  return p;
}

describe("the wrapper module for k8s.io/kubernetes", () => {
  it("turns each ./staging/src replace into the published module at v0.<minor>.<patch>", () => {
    const upstream = [
      "module k8s.io/kubernetes",
      "require k8s.io/api v0.0.0",
      "replace (",
      "\tk8s.io/api => ./staging/src/k8s.io/api",
      "\tk8s.io/client-go => ./staging/src/k8s.io/client-go",
      "\tgithub.com/x/y => github.com/x/y v1.2.3",
      ")",
      "replace k8s.io/kms => ./staging/src/k8s.io/kms",
    ].join("\n");
    expect(stagingReplaces(upstream, "v0.33.13")).toEqual(["\tk8s.io/api => k8s.io/api v0.33.13", "\tk8s.io/client-go => k8s.io/client-go v0.33.13", "\tk8s.io/kms => k8s.io/kms v0.33.13"]);
    // Kubernetes tags its staging modules v0.<minor>.<patch> for release v1.<minor>.<patch>.
    expect(stagingVersionOf("v1.33.13")).toBe("v0.33.13");
    expect(() => stagingVersionOf("v1.33")).toThrow(/not a Kubernetes release/);
  });

  it("covers every staging module of the real upstream go.mod (from the Go module cache)", () => {
    const info = JSON.parse(spawnSync("go", ["mod", "download", "-json", `k8s.io/kubernetes@${binaryPins["kube-apiserver"].version}`], { encoding: "utf8", cwd: os.tmpdir() }).stdout) as { GoMod: string };
    const text = fs.readFileSync(info.GoMod, "utf8");
    // Second method: the folders under staging/src/k8s.io that upstream's go.mod names, counted by plain line search.
    const named = new Set(text.split("\n").filter((l) => l.includes("=> ./staging/src/k8s.io/")).map((l) => l.trim().split(/\s+/)[0]));
    const lines = stagingReplaces(text, "v0.33.13");
    expect(lines.length).toBe(named.size);
    expect(lines.length).toBeGreaterThan(20);
    for (const l of lines) expect(l).toMatch(/^\tk8s\.io\/[\w.-]+ => k8s\.io\/[\w.-]+ v0\.33\.13$/);
  });

  it("pins etcd's sibling modules to the server's release", () => {
    const mod = etcdWrapperGoMod("v3.6.16");
    for (const m of ["go.etcd.io/etcd/api/v3", "go.etcd.io/etcd/client/pkg/v3", "go.etcd.io/etcd/client/v3", "go.etcd.io/etcd/pkg/v3"]) expect(mod).toContain(`\t${m} => ${m} v3.6.16\n`);
    expect(mod).toContain("require go.etcd.io/etcd/server/v3 v3.6.16\n");
  });
});

describe("finding the binaries", () => {
  it("accepts a PATH binary only at the pinned minor (Debian's etcd 3.4 is not etcd 3.6)", () => {
    expect(versionMatchesPin("etcd Version: 3.4.30\nGit SHA: Not provided", binaryPins.etcd)).toBe(false);
    expect(versionMatchesPin("etcd Version: 3.6.16\nGit SHA: abc", binaryPins.etcd)).toBe(true);
    expect(versionMatchesPin("Kubernetes v1.33.13", binaryPins["kube-apiserver"])).toBe(true);
    expect(versionMatchesPin("Kubernetes v1.32.9", binaryPins["kube-apiserver"])).toBe(false);
    expect(versionMatchesPin("kine version v0.17.5 (abcdef)", binaryPins.kine)).toBe(true);
    expect(versionMatchesPin("kine version v0.13.5 (abcdef)", binaryPins.kine)).toBe(false);
  });

  it("uses HCPBENCH_BIN_DIR as it is, skips a PATH binary of another minor, falls back to the cache", () => {
    const [binDir, pathDir, cache] = [tempDir(), tempDir(), tempDir()];
    try {
      const inBinDir = fakeProgram(binDir, "kine", "anything at all");
      fakeProgram(pathDir, "etcd", "etcd Version: 3.4.30");
      const env = { PATH: pathDir, XDG_CACHE_HOME: cache, HCPBENCH_BIN_DIR: binDir };
      expect(findBinary("kine", env)).toEqual({ name: "kine", path: inBinDir, source: "HCPBENCH_BIN_DIR" });
      expect(findBinary("etcd", env)).toBeUndefined();
      const cached = path.join(cache, "hcpbench", "bin", "etcd-v3.6.16");
      fs.mkdirSync(path.dirname(cached), { recursive: true });
      fs.writeFileSync(cached, "#!/bin/sh\n", { mode: 0o755 });
      expect(findBinary("etcd", env)).toEqual({ name: "etcd", path: cached, source: "cache" });
      const right = fakeProgram(pathDir, "kube-apiserver", "Kubernetes v1.33.2");
      expect(findBinary("kube-apiserver", env)).toEqual({ name: "kube-apiserver", path: right, source: "PATH" });
      expect(() => requireBinary("kube-scheduler", env)).toThrow("kube-scheduler v1.33.13: not found");
      expect(() => requireBinary("kube-scheduler", env)).toThrow("npx hcpbench lab install --components full");
    } finally {
      for (const d of [binDir, pathDir, cache]) fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it("the installed binaries are the pinned versions (lab install ran first in CI)", () => {
    for (const name of componentSets.lab) {
      const bin = requireBinary(name);
      const out = spawnSync(bin.path, ["--version"], { encoding: "utf8" });
      expect(`${out.stdout}${out.stderr}`).toContain(binaryPins[name].version.replace(/^v/, ""));
    }
  });
});

describe("reading a Go binary's build tags (does kine embed NATS?)", () => {
  it("agrees with `go version -m` on a program built here with tags, and on the installed kine", () => {
    const dir = tempDir();
    try {
      fs.writeFileSync(path.join(dir, "go.mod"), "module example.com/tags\n\ngo 1.24\n");
      fs.writeFileSync(path.join(dir, "main.go"), "package main\n\nfunc main() {}\n");
      const b = spawnSync("go", ["build", "-tags", "nats,sqlite_stat4", "-o", "prog", "."], { cwd: dir, encoding: "utf8" });
      expect(b.status, b.stderr).toBe(0);
      expect(buildTags(path.join(dir, "prog"))).toEqual(["nats", "sqlite_stat4"]);
      const kine = requireBinary("kine").path;
      const fromGo = /\bbuild\s+-tags=(\S+)/.exec(spawnSync("go", ["version", "-m", kine], { encoding: "utf8" }).stdout)?.[1]?.split(",") ?? [];
      expect(buildTags(kine)).toEqual(fromGo);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("lab install", () => {
  it("without go, when something must be built: exit 2 and one line", () => {
    const cache = tempDir();
    try {
      expect(() => findGo({ PATH: cache })).toThrow(/^go: not found on PATH/);
      const r = cli(["lab", "install"], { PATH: path.dirname(process.execPath), XDG_CACHE_HOME: cache, HOME: cache });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^hcpbench: go: not found on PATH/);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  }, 180_000);

  it("is a no-op on a warm cache and prints where each binary is", () => {
    const r = cli(["lab", "install"], process.env);
    expect(r.status).toBe(0);
    for (const name of componentSets.lab) {
      const line = r.stdout.split("\n").find((l) => l.startsWith(`${name} ${binaryPins[name].version}`));
      expect(line).toBeDefined();
      expect(line).not.toContain("built in");
      const where = line!.slice(line!.lastIndexOf(": ") + 2);
      expect(fs.existsSync(where)).toBe(true);
    }
    expect(r.stdout).toContain("kube-apiserver v1.33.13 (fleet default 1.33.4; v1.33.13 is the nearest the Go module proxy serves)");
    expect(r.stdout).toMatch(/lab install: 0 built, 3 present/);
  }, 180_000);
});
