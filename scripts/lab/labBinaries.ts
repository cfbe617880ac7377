import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InputError } from "../../infra/names/inputError";

/**
 * The upstream programs the lab runs, pinned. kube-apiserver is the fleet's
 * default Kubernetes (1.33.4) at the nearest patch the Go module proxy serves
 * (it serves v1.33.6 and v1.33.13 of k8s.io/kubernetes); etcd is a current
 * 3.6 because Debian's 3.4 is older than what kube-apiserver 1.33 supports.
 */
export const labBinaryNames = ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kine", "etcd", "e2e.test", "kwok", "pulumi", "pulumi-resource-kubernetes"] as const;
export type LabBinaryName = (typeof labBinaryNames)[number];

export interface BinaryPin {
  readonly name: LabBinaryName;
  readonly version: string;
  /** The Go module it is built from. */
  readonly module: string;
  /** Why this version, printed by `lab install`. */
  readonly note?: string;
  /** Go build tags, as upstream's release build sets them; part of the cache name, so a build without them is never reused. */
  readonly buildTags?: readonly string[];
  /**
   * How the program prints its version, for a copy found on PATH; false: it has
   * no such flag (a Pulumi provider plugin would start serving), so PATH is not searched.
   */
  readonly versionArgs?: readonly string[] | false;
  /**
   * Staging modules built at another version than the release's own v0.x.y,
   * because the Go module proxy does not serve that one.
   */
  readonly stagingOverrides?: Readonly<Record<string, string>>;
}

export const fleetKubernetesVersion = "1.33.4";

export const binaryPins: Readonly<Record<LabBinaryName, BinaryPin>> = {
  "kube-apiserver": { name: "kube-apiserver", version: "v1.33.13", module: "k8s.io/kubernetes", note: `fleet default ${fleetKubernetesVersion}; v1.33.13 is the nearest the Go module proxy serves` },
  "kube-controller-manager": { name: "kube-controller-manager", version: "v1.33.13", module: "k8s.io/kubernetes", note: `fleet default ${fleetKubernetesVersion}; nearest served` },
  "kube-scheduler": { name: "kube-scheduler", version: "v1.33.13", module: "k8s.io/kubernetes", note: `fleet default ${fleetKubernetesVersion}; nearest served` },
  // `nats` embeds the NATS server that kine-nats-embedded runs (kine's scripts/build sets it; without it kine has only a client).
  kine: { name: "kine", version: "v0.17.5", module: "github.com/k3s-io/kine", buildTags: ["nats"] },
  etcd: { name: "etcd", version: "v3.6.16", module: "go.etcd.io/etcd/server/v3", note: "Debian's etcd 3.4 is older than kube-apiserver 1.33 supports" },
  // The upstream e2e suite (test/e2e), as `make WHAT=test/e2e/e2e.test` builds it; it imports
  // k8s.io/sample-apiserver, whose v0.33.13 the proxy answers 403 and whose v0.33.5 it serves.
  "e2e.test": {
    name: "e2e.test",
    version: "v1.33.13",
    module: "k8s.io/kubernetes",
    note: "the conformance suite at the lab's kube-apiserver version; k8s.io/sample-apiserver at v0.33.5, the nearest served",
    stagingOverrides: { "k8s.io/sample-apiserver": "v0.33.5" },
  },
  kwok: { name: "kwok", version: "v0.7.0", module: "sigs.k8s.io/kwok", note: "nodes and pods that go Ready without containers" },
  // The engine the npm SDK (@pulumi/pulumi 3.248.0) is released with.
  pulumi: { name: "pulumi", version: "v3.248.0", module: "github.com/pulumi/pulumi/pkg/v3", note: "the CLI of @pulumi/pulumi 3.248.0", versionArgs: ["version"] },
  // @pulumi/kubernetes 4.34.2 asks for provider 4.34.2; the proxy serves one pseudo-version of provider/v4 only.
  "pulumi-resource-kubernetes": {
    name: "pulumi-resource-kubernetes",
    version: "v4.0.0-20260115033456-f47bc2d6f199",
    module: "github.com/pulumi/pulumi-kubernetes/provider/v4",
    note: "the only provider/v4 version the Go module proxy serves (the npm SDK is 4.34.2)",
    versionArgs: false,
  },
};

/**
 * What `lab install` builds by default; `--components full` adds the
 * controller manager and scheduler, `conformance` also the e2e suite (its own
 * set: the largest build of all, which `lab bench` never needs).
 */
export const componentSets = {
  lab: ["kube-apiserver", "kine", "etcd"],
  full: ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kine", "etcd"],
  conformance: ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kine", "etcd", "e2e.test"],
  cluster: ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd", "kwok"],
  /** The real Pulumi engine against the local cluster (`npm run e2e:local`). */
  engine: ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd", "kwok", "pulumi", "pulumi-resource-kubernetes"],
} as const satisfies Record<string, readonly LabBinaryName[]>;
export type ComponentSet = keyof typeof componentSets;

/** The smallest component set that installs `name`. */
export function componentSetOf(name: LabBinaryName): ComponentSet {
  const sets = (Object.keys(componentSets) as ComponentSet[]).filter((set) => (componentSets[set] as readonly string[]).includes(name));
  return sets.sort((a, b) => componentSets[a].length - componentSets[b].length)[0]!;
}

export function binCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "hcpbench", "bin");
}

/** `~/.cache/hcpbench/bin/<name>-<version>[+<tag>...]`: one file per pinned build. */
export function cachedBinaryPath(pin: BinaryPin, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(binCacheDir(env), `${pin.name}-${pin.version}${(pin.buildTags ?? []).map((t) => `+${t}`).join("")}`);
}

export type BinarySource = "HCPBENCH_BIN_DIR" | "PATH" | "cache";

export interface ResolvedBinary {
  readonly name: LabBinaryName;
  readonly path: string;
  readonly source: BinarySource;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** "v1.33.13" -> "1.33" */
function minorOf(version: string): string {
  return version.replace(/^v/, "").split(".").slice(0, 2).join(".");
}

/**
 * A binary found on PATH is used only at the pinned minor: `etcd` on PATH is
 * usually Debian's 3.4, which must not stand in for 3.6. Each program prints
 * its version with --version (kube-*: "Kubernetes v1.33.13", etcd: "etcd
 * Version: 3.6.16", kine: "kine version v0.17.5 (...)").
 */
export function versionMatchesPin(versionOutput: string, pin: BinaryPin): boolean {
  const minor = minorOf(pin.version).replace(".", "\\.");
  return new RegExp(`(^|[^0-9.])v?${minor}\\.\\d+`).test(versionOutput);
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

/** Where `name` runs from, without building: HCPBENCH_BIN_DIR as it is, then PATH at the pinned minor, then the cache. */
export function findBinary(name: LabBinaryName, env: NodeJS.ProcessEnv = process.env): ResolvedBinary | undefined {
  const pin = binaryPins[name];
  if (env.HCPBENCH_BIN_DIR) {
    const p = path.join(env.HCPBENCH_BIN_DIR, name);
    if (isExecutable(p)) return { name, path: p, source: "HCPBENCH_BIN_DIR" };
  }
  const fromPath = pin.versionArgs === false ? undefined : onPath(name, env);
  if (fromPath) {
    const out = spawnSync(fromPath, [...(pin.versionArgs || ["--version"])], { encoding: "utf8", timeout: 10_000 });
    if (versionMatchesPin(`${out.stdout ?? ""}${out.stderr ?? ""}`, pin)) return { name, path: fromPath, source: "PATH" };
  }
  const cached = cachedBinaryPath(pin, env);
  if (isExecutable(cached)) return { name, path: cached, source: "cache" };
  return undefined;
}

/** As findBinary, or bad input naming the binary and the command that builds it (with `set`, the set the caller needs as a whole). */
export function requireBinary(name: LabBinaryName, env: NodeJS.ProcessEnv = process.env, set: ComponentSet = componentSetOf(name)): ResolvedBinary {
  const found = findBinary(name, env);
  if (!found) {
    const flag = set === "lab" ? "" : ` --components ${set}`;
    throw new InputError(`${name} ${binaryPins[name].version}: not found (HCPBENCH_BIN_DIR, PATH, ${binCacheDir(env)}): run npx hcpbench lab install${flag}`);
  }
  return found;
}
