import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InputError } from "../../infra/names/inputError";
import type { BinaryPin } from "./labBinaries";

/**
 * Builds the pinned programs from their Go modules with the ordinary `go`
 * client. Nothing upstream is copied into this repository: the wrapper
 * modules are written at install time, under the cache.
 */

export interface GoEnv {
  readonly go: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
}

export function findGo(env: NodeJS.ProcessEnv = process.env): string {
  const res = spawnSync("go", ["version"], { encoding: "utf8", env });
  if (res.error || res.status !== 0) throw new InputError("go: not found on PATH: lab install builds kube-apiserver, kine and etcd with Go 1.24 or later; install Go, or put the binaries in HCPBENCH_BIN_DIR");
  return "go";
}

function run(g: GoEnv, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(g.go, args, { cwd: opts.cwd, env: { ...g.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`go ${args.join(" ")} (in ${opts.cwd}) exited ${code}:\n${err.slice(-3000)}`))));
  });
}

/**
 * k8s.io/kubernetes' own go.mod points every k8s.io/X staging module at
 * ./staging/src/k8s.io/X, which a module consumer does not have. Each such
 * replace becomes the published module at the matching v0 version.
 */
export function stagingReplaces(upstreamGoMod: string, stagingVersion: string): string[] {
  const out = new Set<string>();
  for (const m of upstreamGoMod.matchAll(/^\s*(?:replace\s+)?(k8s\.io\/[\w.-]+)\s+=>\s+\.\/staging\/src\/(k8s\.io\/[\w.-]+)\s*$/gm)) {
    if (m[1] !== m[2]) throw new Error(`unexpected staging replace ${m[1]} => ${m[2]}`);
    out.add(`\t${m[1]} => ${m[1]} ${stagingVersion}`);
  }
  return [...out].sort();
}

/** v1.33.13 -> v0.33.13, the staging modules' version for a Kubernetes release. */
export function stagingVersionOf(kubernetesVersion: string): string {
  const m = /^v1\.(\d+)\.(\d+)$/.exec(kubernetesVersion);
  if (!m) throw new Error(`not a Kubernetes release version: ${kubernetesVersion}`);
  return `v0.${m[1]}.${m[2]}`;
}

/**
 * Upstream's release build stamps the version into the binary with -X
 * (hack/lib/version.sh: component-base's and client-go's version packages);
 * a plain `go build` would report v0.0.0-master to --version and /version.
 */
export function kubernetesVersionLdflags(version: string): string {
  const m = /^v(\d+)\.(\d+)\.\d+$/.exec(version);
  if (!m) throw new Error(`not a Kubernetes release version: ${version}`);
  const vars = { gitVersion: version, gitMajor: m[1], gitMinor: m[2], gitTreeState: "clean" };
  return ["k8s.io/component-base/version", "k8s.io/client-go/pkg/version"].flatMap((pkg) => Object.entries(vars).map(([k, v]) => `-X ${pkg}.${k}=${v}`)).join(" ");
}

export function kubernetesWrapperGoMod(version: string, replaces: readonly string[]): string {
  return ["module hcpbench.local/k8s-wrapper", "", "go 1.24.0", "", `require k8s.io/kubernetes ${version}`, "", "replace (", ...replaces, ")", ""].join("\n");
}

/** etcd's server module replaces its sibling modules with ../ paths; pin them to the same release instead. */
export const etcdSiblingModules = ["go.etcd.io/etcd/api/v3", "go.etcd.io/etcd/client/pkg/v3", "go.etcd.io/etcd/client/v3", "go.etcd.io/etcd/pkg/v3"] as const;

export function etcdWrapperGoMod(version: string): string {
  return [
    "module hcpbench.local/etcd-wrapper",
    "",
    "go 1.24",
    "",
    `require go.etcd.io/etcd/server/v3 ${version}`,
    "",
    "replace (",
    ...etcdSiblingModules.map((m) => `\t${m} => ${m} ${version}`),
    ")",
    "",
  ].join("\n");
}

export const etcdWrapperMain = ['package main', '', 'import (', '\t"os"', '', '\t"go.etcd.io/etcd/server/v3/etcdmain"', ')', '', 'func main() { etcdmain.Main(os.Args) }', ''].join("\n");

function writeIfChanged(file: string, text: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return;
  fs.writeFileSync(file, text);
}

/** Moves a finished build into place in one rename, so a half-written binary never looks installed. */
function publish(built: string, dest: string): void {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.chmodSync(built, 0o755);
  try {
    fs.renameSync(built, dest);
  } catch {
    const tmp = `${dest}.tmp-${process.pid}`;
    fs.copyFileSync(built, tmp);
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, dest);
    fs.rmSync(built, { force: true });
  }
}

/** Replace lines with some staging modules moved to another published version. */
export function withOverrides(replaces: readonly string[], overrides: Readonly<Record<string, string>> = {}): string[] {
  const out = replaces.map((line) => {
    const m = /^\t(\S+) => (\S+) (\S+)$/.exec(line);
    const v = m ? overrides[m[1]!] : undefined;
    return m && v ? `\t${m[1]} => ${m[2]} ${v}` : line;
  });
  for (const mod of Object.keys(overrides)) if (!out.some((l) => l.startsWith(`\t${mod} => `))) throw new Error(`staging override ${mod}: upstream's go.mod has no staging replace for it`);
  return out;
}

/**
 * kube-apiserver, kube-controller-manager, kube-scheduler (k8s.io/kubernetes/cmd/<name>)
 * and e2e.test (`go test -c` of k8s.io/kubernetes/test/e2e) through the wrapper module.
 */
export async function buildKubernetesComponent(g: GoEnv, pin: BinaryPin, workDir: string, dest: string): Promise<void> {
  // A pin with overrides gets its own wrapper, so the others' go.mod never changes.
  const wrapper = path.join(workDir, pin.stagingOverrides ? `k8s-${pin.name}-${pin.version}` : `k8s-${pin.version}`);
  fs.mkdirSync(wrapper, { recursive: true });
  const info = JSON.parse(await run(g, ["mod", "download", "-json", `k8s.io/kubernetes@${pin.version}`], { cwd: wrapper })) as { GoMod?: string; Error?: string };
  if (!info.GoMod) throw new Error(`go mod download k8s.io/kubernetes@${pin.version}: ${info.Error ?? "no GoMod in the answer"}`);
  const replaces = withOverrides(stagingReplaces(fs.readFileSync(info.GoMod, "utf8"), stagingVersionOf(pin.version)), pin.stagingOverrides);
  if (replaces.length === 0) throw new Error(`k8s.io/kubernetes@${pin.version}: its go.mod has no staging replace lines; the wrapper would not build`);
  writeIfChanged(path.join(wrapper, "go.mod"), kubernetesWrapperGoMod(pin.version, replaces));
  const out = path.join(wrapper, `${pin.name}.build`);
  const ldflags = `-ldflags=${kubernetesVersionLdflags(pin.version)}`;
  const args = pin.name === "e2e.test" ? ["test", "-c", ldflags, "-o", out, "k8s.io/kubernetes/test/e2e"] : ["build", ldflags, "-o", out, `k8s.io/kubernetes/cmd/${pin.name}`];
  g.log(`${pin.name}: go ${args.filter((a) => a !== ldflags).join(" ")} (${pin.version}, ${replaces.length} staging modules pinned) in ${wrapper}`);
  await run(g, args, { cwd: wrapper, env: { GOFLAGS: "-mod=mod" } });
  publish(out, dest);
}

export async function buildEtcd(g: GoEnv, pin: BinaryPin, workDir: string, dest: string): Promise<void> {
  const wrapper = path.join(workDir, `etcd-${pin.version}`);
  fs.mkdirSync(wrapper, { recursive: true });
  writeIfChanged(path.join(wrapper, "go.mod"), etcdWrapperGoMod(pin.version));
  writeIfChanged(path.join(wrapper, "main.go"), etcdWrapperMain);
  g.log(`etcd: go build go.etcd.io/etcd/server/v3/etcdmain (${pin.version}) in ${wrapper}`);
  await run(g, ["mod", "tidy"], { cwd: wrapper, env: { GOFLAGS: "-mod=mod" } });
  const out = path.join(wrapper, "etcd.build");
  await run(g, ["build", "-o", out, "."], { cwd: wrapper });
  publish(out, dest);
}

/** kine with cgo, which its SQLite driver needs, and the pin's build tags. */
export async function buildKine(g: GoEnv, pin: BinaryPin, dest: string): Promise<void> {
  const gobin = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-kine-"));
  try {
    const tags = pin.buildTags?.length ? [`-tags=${pin.buildTags.join(",")}`] : [];
    g.log(`kine: CGO_ENABLED=1 go install ${tags.join(" ")} ${pin.module}@${pin.version}`);
    // kine's release build stamps its version the same way (its Makefile's -X on pkg/version).
    await run(g, ["install", ...tags, `-ldflags=-X ${pin.module}/pkg/version.Version=${pin.version}`, `${pin.module}@${pin.version}`], { cwd: gobin, env: { CGO_ENABLED: "1", GOBIN: gobin, GOFLAGS: "" } });
    publish(path.join(gobin, "kine"), dest);
  } finally {
    fs.rmSync(gobin, { recursive: true, force: true });
  }
}

/** A replace line of an upstream go.mod: `old => new [version]`. */
export interface GoReplace {
  readonly old: string;
  readonly target: string;
  readonly version?: string;
}

/** Both forms: `replace a => b v1` and the lines of a `replace ( ... )` block. */
export function goModReplaces(goMod: string): GoReplace[] {
  const out: GoReplace[] = [];
  let inBlock = false;
  for (const raw of goMod.split("\n")) {
    const line = raw.replace(/\/\/.*$/, "").trim();
    if (/^replace\s*\($/.test(line)) inBlock = true;
    else if (inBlock && line === ")") inBlock = false;
    else {
      const body = inBlock ? line : /^replace\s+(.*)$/.exec(line)?.[1];
      const m = body ? /^(\S+)(?:\s+\S+)?\s+=>\s+(\S+)(?:\s+(\S+))?$/.exec(body) : null;
      if (m) out.push({ old: m[1]!, target: m[2]!, ...(m[3] ? { version: m[3] } : {}) });
    }
  }
  return out;
}

/** The version `module` is required at in a go.mod, or undefined. */
export function goModRequire(goMod: string, module: string): string | undefined {
  const esc = module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`^\\s*(?:require\\s+)?${esc}\\s+(v\\S+)`, "m").exec(goMod)?.[1];
}

/**
 * The replace lines a wrapper module needs so a module whose go.mod has
 * `replace` lines builds as its release does: a replace to another module is
 * kept as it is, a replace to a folder of the same repository (`../sdk`) pins
 * that sibling module to `siblingVersion(module)`.
 */
export function wrapperReplaces(upstreamGoMod: string, siblingVersion: (module: string) => string): string[] {
  return goModReplaces(upstreamGoMod).map((r) => {
    const local = r.target.startsWith("./") || r.target.startsWith("../");
    return local ? `\t${r.old} => ${r.old} ${siblingVersion(r.old)}` : `\t${r.old} => ${r.target}${r.version ? ` ${r.version}` : ""}`;
  });
}

export function wrapperGoMod(name: string, goVersion: string, requires: readonly string[], replaces: readonly string[]): string {
  return [`module hcpbench.local/${name}`, "", `go ${goVersion}`, "", "require (", ...requires.map((r) => `\t${r}`), ")", "", ...(replaces.length ? ["replace (", ...replaces, ")", ""] : [])].join("\n");
}

async function downloadModule(g: GoEnv, module: string, version: string, cwd: string): Promise<{ goMod: string; dir: string }> {
  const info = JSON.parse(await run(g, ["mod", "download", "-json", `${module}@${version}`], { cwd })) as { GoMod?: string; Dir?: string; Error?: string };
  if (!info.GoMod || !info.Dir) throw new Error(`go mod download ${module}@${version}: ${info.Error ?? "no GoMod in the answer"}`);
  return { goMod: fs.readFileSync(info.GoMod, "utf8"), dir: info.Dir };
}

const goDirective = (goMod: string) => /^go\s+(\S+)/m.exec(goMod)?.[1] ?? "1.24";

/**
 * The Pulumi CLI (pkg/v3/cmd/pulumi). pkg's go.mod replaces the SDK with
 * `../sdk`; the wrapper pins sdk/v3 to the same release. The version is
 * stamped as upstream's Makefile does (-X .../sdk/v3/go/common/version.Version).
 */
export async function buildPulumiCli(g: GoEnv, pin: BinaryPin, workDir: string, dest: string): Promise<void> {
  const wrapper = path.join(workDir, `pulumi-${pin.version}`);
  fs.mkdirSync(wrapper, { recursive: true });
  const up = await downloadModule(g, pin.module, pin.version, wrapper);
  const replaces = wrapperReplaces(up.goMod, () => pin.version);
  writeIfChanged(path.join(wrapper, "go.mod"), wrapperGoMod("pulumi-wrapper", goDirective(up.goMod), [`${pin.module} ${pin.version}`, `github.com/pulumi/pulumi/sdk/v3 ${pin.version}`], replaces));
  const out = path.join(wrapper, "pulumi.build");
  g.log(`pulumi: go build ${pin.module}/cmd/pulumi (${pin.version}, ${replaces.length} replace lines) in ${wrapper}`);
  await run(g, ["build", `-ldflags=-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${pin.version}`, "-o", out, `${pin.module}/cmd/pulumi`], { cwd: wrapper, env: { GOFLAGS: "-mod=mod" } });
  publish(out, dest);
}

/**
 * pulumi-resource-kubernetes. Its main package embeds `schema-embed.json`,
 * which upstream's build generates (cmd/pulumi-resource-kubernetes/generate.go:
 * schema.json with the version set); the module holds only schema.json, so the
 * wrapper carries its own main beside the generated files.
 */
export async function buildKubernetesProvider(g: GoEnv, pin: BinaryPin, workDir: string, dest: string): Promise<void> {
  const wrapper = path.join(workDir, `pulumi-kubernetes-${pin.version}`);
  fs.mkdirSync(wrapper, { recursive: true });
  const up = await downloadModule(g, pin.module, pin.version, wrapper);
  const sdk = "github.com/pulumi/pulumi-kubernetes/sdk/v4";
  const replaces = wrapperReplaces(up.goMod, (m) => {
    const v = goModRequire(up.goMod, m);
    if (!v) throw new Error(`${pin.module}@${pin.version}: replaces ${m} with a folder but requires no version of it`);
    return v;
  });
  const version = pin.version.replace(/^v/, "");
  const schema = JSON.parse(fs.readFileSync(path.join(up.dir, "cmd", "pulumi-resource-kubernetes", "schema.json"), "utf8")) as Record<string, unknown>;
  writeIfChanged(path.join(wrapper, "schema-embed.json"), JSON.stringify({ ...schema, version }));
  writeIfChanged(path.join(wrapper, "terraform-mapping-embed.json"), fs.readFileSync(path.join(up.dir, "cmd", "pulumi-resource-kubernetes", "terraform-mapping.json"), "utf8"));
  writeIfChanged(path.join(wrapper, "main.go"), kubernetesProviderMain(pin.module));
  writeIfChanged(path.join(wrapper, "go.mod"), wrapperGoMod("pulumi-kubernetes-wrapper", goDirective(up.goMod), [`${pin.module} ${pin.version}`, `${sdk} ${goModRequire(up.goMod, sdk) ?? pin.version}`], replaces));
  g.log(`pulumi-resource-kubernetes: go build (${pin.version}) in ${wrapper}`);
  await run(g, ["mod", "tidy"], { cwd: wrapper, env: { GOFLAGS: "-mod=mod" } });
  const out = path.join(wrapper, "pulumi-resource-kubernetes.build");
  await run(g, ["build", `-ldflags=-X ${pin.module}/pkg/version.Version=${version}`, "-o", out, "."], { cwd: wrapper });
  publish(out, dest);
}

export function kubernetesProviderMain(module: string): string {
  return [
    "package main",
    "",
    "import (",
    '\t_ "embed"',
    "",
    `\t"${module}/pkg/provider"`,
    `\t"${module}/pkg/version"`,
    ")",
    "",
    "//go:embed schema-embed.json",
    "var pulumiSchema []byte",
    "",
    "//go:embed terraform-mapping-embed.json",
    "var terraformMapping []byte",
    "",
    'func main() { provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping) }',
    "",
  ].join("\n");
}

/** kwok (sigs.k8s.io/kwok/cmd/kwok): no replace lines and no cgo, so a plain `go install`. */
export async function buildKwok(g: GoEnv, pin: BinaryPin, dest: string): Promise<void> {
  const gobin = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-kwok-"));
  try {
    g.log(`kwok: go install ${pin.module}/cmd/kwok@${pin.version}`);
    await run(g, ["install", `${pin.module}/cmd/kwok@${pin.version}`], { cwd: gobin, env: { CGO_ENABLED: "0", GOBIN: gobin, GOFLAGS: "" } });
    publish(path.join(gobin, "kwok"), dest);
  } finally {
    fs.rmSync(gobin, { recursive: true, force: true });
  }
}
