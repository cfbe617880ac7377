import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isInputError } from "../names/inputError";
import { applyOverrides, listStacks, loadStackConfig, rawConfigFromPulumi, rawConfigToPulumi, readStackFile } from "./stackFiles";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-stacks-"));
fs.mkdirSync(path.join(root, "stacks"));
const write = (stack: string, text: string) => fs.writeFileSync(path.join(root, "stacks", `Pulumi.${stack}.yaml`), text);
write("good-1", "config:\n  hcpbench:fleet:\n    backend: etcd\n    count: 1\n  aws:region: eu-west-1\n  other:thing: 3\n");
write("bad-yaml", "config:\n  hcpbench:fleet: [unclosed\n");
write("bad-shape", "config: [1, 2]\n");
fs.writeFileSync(path.join(root, "stacks", "README.md"), "not a stack");
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const problems = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (err) {
    if (isInputError(err)) return err.problems;
    throw err;
  }
  throw new Error("accepted");
};

describe("readStackFile", () => {
  it("reads only the hcpbench: settings of the config map, as Pulumi does", () => {
    expect(readStackFile("good-1", root)).toEqual({ fleet: { backend: "etcd", count: 1 } });
    expect(loadStackConfig("good-1", { root }).aws.region).toBe("us-east-1");
  });

  it("names the file when it is not YAML or not a map", () => {
    expect(problems(() => readStackFile("bad-yaml", root))[0]).toMatch(/^stacks\/Pulumi\.bad-yaml\.yaml: not valid YAML: /);
    expect(problems(() => readStackFile("bad-shape", root))).toEqual(['stacks/Pulumi.bad-shape.yaml: "config" must be a map of settings']);
  });

  it("lists stack files only, sorted", () => {
    expect(listStacks(root)).toEqual(["bad-shape", "bad-yaml", "good-1"]);
    expect(problems(() => readStackFile("nope", root))).toEqual(['stack "nope": unknown; known stacks: bad-shape, bad-yaml, good-1']);
  });
});

describe("applyOverrides", () => {
  const raw = { fleet: { backend: "etcd", count: 10 }, bench: { profiles: ["light"] } };

  it("sets nested paths with YAML-typed values and leaves the input untouched", () => {
    const out = applyOverrides(raw, ["fleet.count=1000", "hcpbench:bench.concurrency=[50, 200]", "aws.apiAccessCidrs=[198.51.100.7/32]", "results.keepBucket=false"]);
    expect(out).toEqual({
      fleet: { backend: "etcd", count: 1000 },
      bench: { profiles: ["light"], concurrency: [50, 200] },
      aws: { apiAccessCidrs: ["198.51.100.7/32"] },
      results: { keepBucket: false },
    });
    expect(raw.fleet.count).toBe(10);
  });

  it("replaces a scalar in the way of a deeper path", () => {
    expect(applyOverrides({ aws: 5 }, ["aws.az=us-east-1b"])).toEqual({ aws: { az: "us-east-1b" } });
  });
});

describe("config through the Pulumi engine", () => {
  it("round-trips: hcpbench:<key> -> string (JSON for objects) -> the same settings", () => {
    const raw = { substrate: "aws", fleet: { backend: "etcd", count: 3 }, tags: { team: "x" } };
    const wire = rawConfigToPulumi(raw);
    expect(wire).toEqual({ "hcpbench:substrate": "aws", "hcpbench:fleet": '{"backend":"etcd","count":3}', "hcpbench:tags": '{"team":"x"}' });
    expect(rawConfigFromPulumi({ ...wire, "aws:region": "eu-west-1" })).toEqual(raw);
  });
});
