import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writePoint } from "../../test/report/projectLayoutFixture";
import { LocalResultsStore } from "../results/resultsStore";
import { loadResults } from "./loadResults";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-shards-report-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("the report and the shards of a sharded bench Job", () => {
  it("reads a merged point once, ignores its shard parts and barrier markers, and counts a never-merged point as interrupted", async () => {
    writePoint(root, { stack: "etcd-10", storage: "etcd", profile: "mixed-uniform", concurrency: 50, run: 1, values: { write_throughput_ops: 900 } });
    const merged = path.join(root, "etcd-10/mixed-uniform/c50/run-1");
    fs.mkdirSync(path.join(merged, "shards"));
    for (const i of [0, 1]) fs.writeFileSync(path.join(merged, `shards/${i}.json`), "{}");
    // Shard 0's pod died before merging run 2: only shard 1's part is there.
    const unmerged = path.join(root, "etcd-10/mixed-uniform/c50/run-2/shards");
    fs.mkdirSync(unmerged, { recursive: true });
    fs.writeFileSync(path.join(unmerged, "1.json"), "{}");
    fs.mkdirSync(path.join(root, "etcd-10/shards/uid-1/point-0"), { recursive: true });
    fs.writeFileSync(path.join(root, "etcd-10/shards/uid-1/point-0/0"), "");

    const loaded = await loadResults(new LocalResultsStore(root));
    expect(loaded.perf.map((r) => [r.profile, r.concurrency, r.runId])).toEqual([["mixed-uniform", 50, "1"]]);
    expect(loaded.partialRuns).toEqual(["etcd-10/mixed-uniform/c50/run-2/shards/"]);
  });
});
