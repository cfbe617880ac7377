import * as path from "node:path";
import { binaryPins, binCacheDir, cachedBinaryPath, componentSets, findBinary, type ComponentSet, type LabBinaryName } from "./labBinaries";
import { buildEtcd, buildKine, buildKubernetesComponent, buildKubernetesProvider, buildKwok, buildPulumiCli, findGo, type GoEnv } from "./goModuleBuilds";

export interface InstallOutcome {
  readonly name: LabBinaryName;
  readonly version: string;
  readonly path: string;
  /** built now, or found (cache, PATH, HCPBENCH_BIN_DIR) and used as it is */
  readonly how: "built" | "cache" | "PATH" | "HCPBENCH_BIN_DIR";
  readonly seconds: number;
}

/**
 * Builds what is missing, one program at a time (a kube-apiserver build
 * already takes both cores). Go is needed only when something must be built.
 */
export async function installLabBinaries(set: ComponentSet, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<InstallOutcome[]> {
  const outcomes: InstallOutcome[] = [];
  let go: GoEnv | undefined;
  const workDir = path.join(path.dirname(binCacheDir(env)), "go");
  for (const name of componentSets[set]) {
    const pin = binaryPins[name];
    const found = findBinary(name, env);
    if (found) {
      outcomes.push({ name, version: pin.version, path: found.path, how: found.source, seconds: 0 });
      continue;
    }
    go ??= { go: findGo(env), env, log };
    const dest = cachedBinaryPath(pin, env);
    const started = Date.now();
    if (name === "kine") await buildKine(go, pin, dest);
    else if (name === "etcd") await buildEtcd(go, pin, workDir, dest);
    else if (name === "kwok") await buildKwok(go, pin, dest);
    else if (name === "pulumi") await buildPulumiCli(go, pin, workDir, dest);
    else if (name === "pulumi-resource-kubernetes") await buildKubernetesProvider(go, pin, workDir, dest);
    else await buildKubernetesComponent(go, pin, workDir, dest);
    outcomes.push({ name, version: pin.version, path: dest, how: "built", seconds: (Date.now() - started) / 1000 });
  }
  return outcomes;
}

export function formatInstallOutcome(o: InstallOutcome): string {
  const note = binaryPins[o.name].note;
  const how = o.how === "built" ? `built in ${o.seconds.toFixed(0)} s` : o.how === "cache" ? "already built" : `from ${o.how}, used as it is`;
  return `${o.name} ${o.version}${note ? ` (${note})` : ""}: ${how}: ${o.path}`;
}
