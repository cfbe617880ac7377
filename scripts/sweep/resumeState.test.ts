import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { Config } from "../../infra/config/schema";
import { LocalResultsStore, type ResultsStore } from "../results/resultsStore";
import { stackProgress } from "./resumeState";

const cfg = { bench: { enabled: true, profiles: ["create-list"], concurrency: [10, 50], runs: 1 } } as unknown as Config;

function folderWith(files: Record<string, string>): LocalResultsStore {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-resume-"));
  for (const [rel, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), body);
  }
  return new LocalResultsStore(root);
}

/** A stand-in for a bucket that lists a key but refuses to read it, shaped as the AWS SDK's AccessDenied (no real S3 here answers 403). */
function refusingReads(inner: ResultsStore): ResultsStore {
  return {
    where: "s3://bucket/results/s1/etcd-10/",
    list: (prefix) => inner.list(prefix),
    get: async () => {
      throw Object.assign(new Error("Access Denied"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    },
    put: (key, body) => inner.put(key, body),
  };
}

describe("resume: which points are finished", () => {
  it("treats a complete result.json as done, and a partial, cut-off or vanished one as not", async () => {
    const store = folderWith({
      "create-list/c10/run-1/result.json": JSON.stringify({ partial: false }),
      "create-list/c50/run-1/result.json": '{"partial": fal',
    });
    const p = await stackProgress(cfg, [store]);
    expect(p.pointsDone.map((x) => x.concurrency)).toEqual([10]);
    expect(p.pointsMissing.map((x) => x.concurrency)).toEqual([50]);
    // Listed, then deleted before it was read: missing, not an error.
    const vanishing: ResultsStore = { ...store, where: store.where, list: (pr) => store.list(pr), get: (k) => store.get(`${k}.gone`), put: (k, b) => store.put(k, b) };
    expect((await stackProgress(cfg, [vanishing])).pointsDone).toEqual([]);
  });

  it("stops on any other read error instead of running the point again", async () => {
    const store = folderWith({ "create-list/c10/run-1/result.json": JSON.stringify({ partial: false }) });
    await expect(stackProgress(cfg, [refusingReads(store)])).rejects.toThrow(
      /^cannot tell whether s3:\/\/bucket\/results\/s1\/etcd-10\/create-list\/c10\/run-1\/result\.json is finished: AccessDenied: Access Denied/,
    );
  });
});
