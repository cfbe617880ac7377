import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../../../infra/names/inputError";

export const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** uid and gid of a system user (postgres, mysql), from `id`. */
export function systemUser(name: string): { uid: number; gid: number } {
  const uid = spawnSync("id", ["-u", name], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", name], { encoding: "utf8" });
  if (uid.status !== 0 || gid.status !== 0) throw new InputError(`system user ${name} does not exist: install the Debian package that creates it (bash .ci/run does)`);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** A database server runs as its own user: every folder above its data folder must let others pass (x). */
export function checkReachableBy(user: string, dir: string, flag = "--dir"): void {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(d) && (fs.statSync(d).mode & 0o001) === 0) {
      throw new InputError(`${flag}: ${user} cannot reach ${dir} because ${d} is not searchable by other users: pick a folder such as /tmp/hcpbench-lab`);
    }
    if (d === path.dirname(d)) return;
  }
}

export function chownTree(dir: string, owner: { uid: number; gid: number }): void {
  if (!isRoot) return;
  fs.chownSync(dir, owner.uid, owner.gid);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) chownTree(p, owner);
    else fs.chownSync(p, owner.uid, owner.gid);
  }
}
