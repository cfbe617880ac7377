import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { benchCommand } from "./benchJobManifest";
import { buildLoadgenBundle, gzipAboveBytes, loadgenBundle } from "./loadgenBundle";

describe("the bundled bench Job", () => {
  it("is deterministic, holds no path of this checkout, and is built once per process", () => {
    const a = buildLoadgenBundle();
    const b = buildLoadgenBundle();
    expect(b.bytes.equals(a.bytes)).toBe(true);
    expect(b.sha256).toBe(a.sha256);
    const js = a.gzipped ? zlib.gunzipSync(a.bytes) : a.bytes;
    expect(js.includes(Buffer.from(path.resolve(__dirname, "../..")))).toBe(false);
    expect(loadgenBundle()).toBe(loadgenBundle());
  });

  it("is gzipped exactly when the JS exceeds the ConfigMap headroom, and fits a ConfigMap either way", () => {
    const bundle = loadgenBundle();
    expect(bundle.gzipped).toBe(bundle.jsBytes > gzipAboveBytes);
    expect(bundle.fileName).toBe(bundle.gzipped ? "benchJobMain.js.gz" : "benchJobMain.js");
    expect(bundle.bytes.length).toBeLessThan(1024 * 1024 - 16 * 1024);
  });

  it("starts from a gzipped ConfigMap with nothing but sh and node, passing the matrix path", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "hcpbench-cmd-"));
    const dirs = { matrix: path.join(root, "etc"), code: path.join(root, "opt"), scratch: path.join(root, "scratch") };
    for (const d of Object.values(dirs)) fs.mkdirSync(d);
    const script = "process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), main: require.main === module }))";
    try {
      fs.writeFileSync(path.join(dirs.code, "benchJobMain.js.gz"), zlib.gzipSync(script));
      const gz = benchCommand({ fileName: "benchJobMain.js.gz", gzipped: true }, dirs);
      const out = spawnSync(gz[0], gz.slice(1), { encoding: "utf8" });
      expect(out.stderr).toBe("");
      expect(JSON.parse(out.stdout)).toEqual({ argv: [path.join(dirs.matrix, "matrix.json")], main: true });

      fs.writeFileSync(path.join(dirs.code, "benchJobMain.js"), script);
      const plain = benchCommand({ fileName: "benchJobMain.js", gzipped: false }, dirs);
      expect(plain[0]).toBe("node");
      expect(JSON.parse(spawnSync(plain[0], plain.slice(1), { encoding: "utf8" }).stdout)).toEqual({ argv: [path.join(dirs.matrix, "matrix.json")], main: true });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
