import { spawn } from "node:child_process";
import * as fs from "node:fs";

/**
 * The lab's processes run detached (their own process group, stdio to a log
 * file), so they outlive `lab up`. Each is recorded with its executable and
 * the lab folder its arguments name; `lab down` ends a pid only when
 * /proc/<pid>/cmdline still shows both, so a pid reused by another program
 * is never touched.
 */
export interface LabProcess {
  /** What it is: "etcd", "postgres", "kine hcp-001", "kube-apiserver hcp-001", ... */
  readonly role: string;
  readonly pid: number;
  readonly exe: string;
  /** Text every argument list of this lab contains (the lab folder). */
  readonly marker: string;
  readonly log: string;
  readonly startedAt: string;
}

export interface LaunchSpec {
  readonly role: string;
  readonly exe: string;
  readonly args: readonly string[];
  readonly log: string;
  readonly marker: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Run as this uid/gid (postgres refuses to run as root). */
  readonly uid?: number;
  readonly gid?: number;
  /** A folder inside the lab (the marker), so lab down can tell the process is the lab's. */
  readonly cwd: string;
}

export function launchDetached(spec: LaunchSpec): Promise<LabProcess> {
  const out = fs.openSync(spec.log, "a", 0o600);
  return new Promise((resolve, reject) => {
    const child = spawn(spec.exe, [...spec.args], {
      detached: true,
      stdio: ["ignore", out, out],
      env: { ...process.env, ...spec.env },
      ...(spec.uid !== undefined ? { uid: spec.uid } : {}),
      ...(spec.gid !== undefined ? { gid: spec.gid } : {}),
      cwd: spec.cwd,
    });
    fs.closeSync(out);
    child.once("error", (err) => reject(new Error(`${spec.role}: cannot start ${spec.exe}: ${err.message}`)));
    child.once("spawn", () => {
      child.unref();
      resolve({ role: spec.role, pid: child.pid!, exe: spec.exe, marker: spec.marker, log: spec.log, startedAt: new Date().toISOString() });
    });
  });
}

/** argv of a live, non-zombie process, or undefined. */
export function processArgv(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    if (state === "Z" || state === "X") return undefined;
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    if (argv.at(-1) === "") argv.pop();
    return argv.length > 0 ? argv : undefined;
  } catch {
    return undefined;
  }
}

function cwdOf(pid: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

/**
 * True while `p` runs as the process the lab started: same executable, and
 * the lab folder in its arguments or as its working directory (every lab
 * process starts in a folder of the lab; PostgreSQL and MariaDB then move to
 * their data folders, also inside it).
 */
export function isLabProcess(p: Pick<LabProcess, "pid" | "exe" | "marker">): boolean {
  const argv = processArgv(p.pid);
  if (!argv || argv[0] !== p.exe) return false;
  const inLab = (s: string) => s === p.marker || s.startsWith(`${p.marker}/`);
  const cwd = cwdOf(p.pid);
  return (cwd !== undefined && inLab(cwd)) || argv.slice(1).some((a) => a.includes(p.marker));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Ends the given processes that are still the lab's: SIGTERM, then SIGKILL
 * after `graceMs`. Returns the roles it signalled. Processes that are gone or
 * whose pid now belongs to something else are left alone.
 */
export async function stopLabProcesses(procs: readonly LabProcess[], graceMs = 10_000): Promise<string[]> {
  const ours = procs.filter(isLabProcess);
  for (const p of ours) {
    try {
      process.kill(p.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && ours.some(isLabProcess)) await sleep(100);
  for (const p of ours.filter(isLabProcess)) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // exited between the check and the signal
    }
  }
  while (ours.some(isLabProcess) && Date.now() < deadline + 5_000) await sleep(50);
  return ours.map((p) => p.role);
}

/** Polls `check` until it is true; fails early when the process dies, naming the tail of its log. */
export async function waitUntil(p: LabProcess, what: string, check: () => Promise<boolean>, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) throw new Error(`${p.role}: interrupted while waiting for ${what}`);
    if (!isLabProcess(p)) throw new Error(`${p.role} exited before ${what}; the end of ${p.log}:\n${tailOf(p.log)}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${p.role}: no ${what} after ${timeoutMs / 1000} s; the end of ${p.log}:\n${tailOf(p.log)}`);
    await sleep(200);
  }
}

export function tailOf(file: string, chars = 2000): string {
  try {
    const text = fs.readFileSync(file, "utf8");
    return text.slice(-chars);
  } catch {
    return "(no log)";
  }
}
