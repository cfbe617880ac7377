/**
 * The bench Job's entry point, bundled by esbuild into one file and run by a stock Node image
 * (no image build). Usage: node benchJobMain.js [matrix.json]. Reads the matrix from the mounted
 * ConfigMap and the results location from the environment, runs every point, and exits 0 only
 * when every point is in the bucket.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { s3ClientFor } from "./s3Client";
import { runLoadgen } from "../runLoadgen";
import { inClusterCredentials, kubeconfigCredentials } from "../../samplers/kubeconfigCredentials";
import { managementApi } from "../../samplers/managementApi";
import { exitCodeOf, jobShardOf, runBenchJob } from "./benchJob";
import { readBenchJobEnv } from "./benchJobEnv";
import { parseBenchJobSpec } from "./benchJobSpec";
import { PointStore } from "./pointStore";

export const defaultMatrixPath = "/etc/hcpbench/matrix.json";

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

async function main(argv: readonly string[]): Promise<number> {
  const matrixPath = argv[2] ?? defaultMatrixPath;
  let spec;
  let env;
  try {
    spec = parseBenchJobSpec(fs.readFileSync(matrixPath, "utf8"));
    env = readBenchJobEnv(process.env);
    // A sharded matrix outside an Indexed Job (or an index beyond it) is a broken Job, not a point to fail.
    jobShardOf(spec, env);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }

  // SIGTERM (pod deletion, activeDeadlineSeconds) aborts the current point; its partial result
  // and job.json are still uploaded within terminationGracePeriodSeconds.
  const stop = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (!stop.signal.aborted) log(`${sig}: stopping the current point and uploading what ran`);
    stop.abort(new Error(sig));
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);

  const creds = env.managementKubeconfig
    ? kubeconfigCredentials(fs.readFileSync(env.managementKubeconfig, "utf8"), { baseDir: path.dirname(env.managementKubeconfig) })
    : inClusterCredentials();
  const api = managementApi(creds);
  const client = s3ClientFor({ bucket: env.results.bucket, region: env.results.region, endpoint: env.results.endpoint });
  try {
    log(`bench ${env.stack} (${spec.backend}): ${spec.profiles.length} profiles x ${spec.concurrency.length} concurrency levels x ${spec.runs} runs, ${spec.hcps.length} HCPs${env.shard ? `; shard ${env.shard.index} of ${spec.shards}` : ""}`);
    const summary = await runBenchJob(spec, env, { api, store: new PointStore(client, env.results.bucket), runLoadgen, signal: stop.signal, log });
    return exitCodeOf(summary);
  } catch (e) {
    // Only the job.json upload can get here (points never throw): the bucket is unreachable.
    process.stderr.write(`bench job failed: ${(e as Error).message}\n`);
    return 1;
  } finally {
    client.destroy();
    await api.close();
  }
}

if (require.main === module) {
  main(process.argv).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`bench job crashed: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
