import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseConfig } from "../../infra/config/stackFiles";
import { hcpbenchHome } from "./hcpbenchHome";
import { preflightProblems } from "./preflight";
import { PulumiMissingError, resolveRealPulumi } from "./pulumiCli";
import { backendUrlOf, pulumiEnvironment } from "./pulumiEnvironment";
import { guardStackFile, readLastOverrides, runConfigDocument, writeLastOverrides, writeRunConfig } from "./runConfigFile";
import { parseStackOutputs } from "./stackOutputs";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-automation-"));

describe("run config file", () => {
  it("holds the committed settings of other namespaces, this run's hcpbench settings and what Pulumi stored before", () => {
    const doc = runConfigDocument(
      { config: { "aws:skipMetadataApiCheck": false, "hcpbench:fleet": { backend: "etcd", count: 10 } } },
      { fleet: { backend: "etcd", count: 2 }, results: { sweepId: "s1" } },
      { encryptionsalt: "v1:abc", config: { "hcpbench:fleet": { count: 99 } } },
    );
    expect(doc).toEqual({
      encryptionsalt: "v1:abc",
      config: { "aws:skipMetadataApiCheck": false, "hcpbench:fleet": { backend: "etcd", count: 2 }, "hcpbench:results": { sweepId: "s1" } },
    });
  });

  it("moves what `stack init` writes into the committed file over to the run's file and restores the committed bytes", () => {
    const dir = tmp();
    const committed = path.join(dir, "Pulumi.etcd-10.yaml");
    const original = "# etcd with 10 HCPs\nconfig:\n  hcpbench:fleet:\n    backend: etcd\n    count: 10\n";
    fs.writeFileSync(committed, original);
    const runFile = writeRunConfig({ committedFile: committed, configDir: path.join(dir, "config"), stack: "etcd-10", raw: { fleet: { backend: "etcd", count: 10 } } });
    expect(fs.statSync(runFile).mode & 0o777).toBe(0o600);
    const guard = guardStackFile(committed, runFile);
    fs.writeFileSync(committed, `encryptionsalt: v1:salt\n${original}`);
    expect(guard.restore()).toEqual(["encryptionsalt"]);
    expect(fs.readFileSync(committed, "utf8")).toBe(original);
    expect(parseYaml(fs.readFileSync(runFile, "utf8"))).toMatchObject({ encryptionsalt: "v1:salt", config: { "hcpbench:fleet": { count: 10 } } });
    // Regenerating the run file for the next run keeps the salt.
    writeRunConfig({ committedFile: committed, configDir: path.join(dir, "config"), stack: "etcd-10", raw: { fleet: { backend: "etcd", count: 3 } } });
    expect(parseYaml(fs.readFileSync(runFile, "utf8"))).toMatchObject({ encryptionsalt: "v1:salt", config: { "hcpbench:fleet": { count: 3 } } });
    expect(guardStackFile(committed, runFile).restore()).toEqual([]);
  });

  it("remembers the --set overrides of the last up", () => {
    const dir = tmp();
    expect(readLastOverrides(dir, "etcd-10")).toEqual([]);
    writeLastOverrides(dir, "etcd-10", ["fleet.count=3"]);
    expect(readLastOverrides(dir, "etcd-10")).toEqual(["fleet.count=3"]);
  });
});

describe("Pulumi environment", () => {
  it("defaults to a file backend in the hcpbench home, or takes --state as a folder or a URL", () => {
    const home = hcpbenchHome({ HCPBENCH_HOME: "/h" });
    expect(backendUrlOf(undefined, {}, home)).toBe("file:///h/state");
    expect(backendUrlOf(undefined, { PULUMI_BACKEND_URL: "s3://my-state" }, home)).toBe("s3://my-state");
    expect(backendUrlOf("./st", {}, home)).toBe(`file://${path.resolve("st")}`);
    expect(backendUrlOf("s3://team-state", { PULUMI_BACKEND_URL: "file:///x" }, home)).toBe("s3://team-state");
  });

  it("generates a passphrase file once, readable only by its owner, and passes its path (never the passphrase)", () => {
    const home = hcpbenchHome({ HCPBENCH_HOME: tmp() });
    const a = pulumiEnvironment({ env: {}, home });
    const secret = fs.readFileSync(home.passphraseFile, "utf8");
    expect(fs.statSync(home.passphraseFile).mode & 0o777).toBe(0o600);
    expect(a.envVars).toEqual({ PULUMI_BACKEND_URL: `file://${home.stateDir}`, PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_CONFIG_PASSPHRASE_FILE: home.passphraseFile });
    pulumiEnvironment({ env: {}, home });
    expect(fs.readFileSync(home.passphraseFile, "utf8")).toBe(secret);
    expect(JSON.stringify(a)).not.toContain(secret.trim());
  });

  it("leaves a passphrase the user set alone", () => {
    const home = hcpbenchHome({ HCPBENCH_HOME: tmp() });
    expect(pulumiEnvironment({ env: { PULUMI_CONFIG_PASSPHRASE: "x" }, home }).envVars.PULUMI_CONFIG_PASSPHRASE_FILE).toBeUndefined();
    expect(pulumiEnvironment({ env: { PULUMI_CONFIG_PASSPHRASE_FILE: "/p" }, home }).envVars.PULUMI_CONFIG_PASSPHRASE_FILE).toBe("/p");
    expect(fs.existsSync(home.passphraseFile)).toBe(false);
  });
});

describe("preflight and outputs", () => {
  it("asks for the API allow-list on AWS only", () => {
    expect(preflightProblems("etcd-10", parseConfig({ fleet: { backend: "etcd", count: 10 } }))[0]).toContain("--set aws.apiAccessCidrs=[<your-ip>/32]");
    expect(preflightProblems("etcd-10", parseConfig({ fleet: { backend: "etcd", count: 10 }, aws: { apiAccessCidrs: ["198.51.100.7/32"] } }))).toEqual([]);
    expect(preflightProblems("local", parseConfig({ substrate: "existing", fleet: { backend: "etcd", count: 1 } }))).toEqual([]);
  });

  it("says which output is missing when a stack's outputs are not hcpbench's", () => {
    expect(() => parseStackOutputs({ backend: { value: "etcd" } }, "etcd-10")).toThrow(/stack etcd-10: outputs are not what hcpbench expects \(hcpCount: .*; is the stack up\?/);
  });

  it("names a missing CLI", () => {
    expect(() => resolveRealPulumi({ HCPBENCH_PULUMI_ROOT: "/nonexistent" })).toThrow(PulumiMissingError);
    expect(() => resolveRealPulumi({ PATH: "/nonexistent", HOME: "/nonexistent" })).toThrow(/no `pulumi` was found on PATH/);
  });
});
