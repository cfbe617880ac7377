import * as crypto from "node:crypto";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { buildSync } from "esbuild";

/** The bench Job's code, ready for a ConfigMap. */
export interface LoadgenBundle {
  /** Key in the ConfigMap, and the file name once mounted. */
  readonly fileName: "benchJobMain.js" | "benchJobMain.js.gz";
  readonly gzipped: boolean;
  /** The file's bytes: UTF-8 JS, or gzip. */
  readonly bytes: Buffer;
  /** sha256 of the JS: names the ConfigMap, so new code means a new ConfigMap and a new Job. */
  readonly sha256: string;
  /** Size of the JS before compression. */
  readonly jsBytes: number;
}

/** ConfigMaps hold at most 1 MiB; past this size the bundle is gzipped into binaryData. */
export const gzipAboveBytes = 900 * 1024;

/** The Node release the bundle targets; the Job's image runs a newer one (see benchImage.ts). */
const target = "node20";

/**
 * Left out of the bundle: @kubernetes/client-node (2.9 MB minified) only resolves kubeconfig
 * credential plugins (exec, auth-provider) for the load generator on a laptop. The HCP admin
 * kubeconfigs k0smotron and Kamaji write carry client certificates, so the Job never loads it;
 * if one ever did, that point fails naming the missing module.
 */
export const bundleExternals = ["@kubernetes/client-node"];

const repoRoot = path.resolve(__dirname, "../..");
export const benchJobEntry = path.join(repoRoot, "workloads/loadgen/job/benchJobMain.ts");

let cached: LoadgenBundle | undefined;

/**
 * The bundle, built once per process: `pulumi up`, `plan` and the tests evaluate the program
 * several times, and esbuild takes about a second.
 */
export function loadgenBundle(): LoadgenBundle {
  cached ??= buildLoadgenBundle();
  return cached;
}

/**
 * Bundles the in-Job entry point (load generator, samplers, S3 client) into one file with esbuild.
 * Deterministic: same sources, same bytes, wherever the checkout lives (fixed working directory,
 * no source maps, no legal comments, gzip without a timestamp).
 */
export function buildLoadgenBundle(): LoadgenBundle {
  const out = buildSync({
    entryPoints: [benchJobEntry],
    absWorkingDir: repoRoot,
    bundle: true,
    platform: "node",
    target,
    format: "cjs",
    external: bundleExternals,
    minify: true,
    legalComments: "none",
    sourcemap: false,
    write: false,
    logLevel: "silent",
  });
  const js = Buffer.from(out.outputFiles[0].contents);
  const sha256 = crypto.createHash("sha256").update(js).digest("hex");
  const gzipped = js.length > gzipAboveBytes;
  return {
    fileName: gzipped ? "benchJobMain.js.gz" : "benchJobMain.js",
    gzipped,
    bytes: gzipped ? zlib.gzipSync(js, { level: 9 }) : js,
    sha256,
    jsBytes: js.length,
  };
}
