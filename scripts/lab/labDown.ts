import * as fs from "node:fs";
import * as path from "node:path";
import { processArgv, stopLabProcesses, type LabProcess } from "./labProcesses";
import { labStatePath, readLabState } from "./labState";
import { parseAdminUrl, runSql } from "./storage/sqlAdmin";
import { mysqlIdent, mysqlLiteral, pgIdent } from "../../infra/platform/datastores/sqlQuoting";

/** Programs the lab starts, by file name. */
const labPrograms = new Set(["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kine", "etcd", "postgres", "mariadbd", "nats-server", "kwok"]);

/**
 * A process the lab spawned in the instant before it died, before lab.json
 * recorded it: every lab process starts in a folder of the lab, so one of
 * the lab's programs working inside the lab folder is the lab's.
 */
function unrecorded(dir: string, recorded: readonly LabProcess[]): LabProcess[] {
  const known = new Set(recorded.map((p) => p.pid));
  const out: LabProcess[] = [];
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e) || known.has(Number(e))) continue;
    const argv = processArgv(Number(e));
    if (!argv) continue;
    const name = path.basename(argv[0]).replace(/-v\d+\.\d+\.\d+$/, "");
    if (!labPrograms.has(name)) continue;
    let cwd: string;
    try {
      cwd = fs.readlinkSync(`/proc/${e}/cwd`);
    } catch {
      continue;
    }
    if (cwd === dir || cwd.startsWith(`${dir}/`)) out.push({ role: `${name} (not in lab.json)`, pid: Number(e), exe: argv[0], marker: dir, log: "", startedAt: "" });
  }
  return out;
}

export interface LabDownReport {
  readonly stopped: readonly string[];
  readonly droppedDatabases: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Ends a lab from its lab.json alone (it works after `lab up` crashed): stops
 * the processes that are still the lab's, drops the databases it created on
 * servers it does not manage, and removes the folders it made. A folder
 * without lab.json is left alone.
 */
export async function labDown(dir: string, log: (line: string) => void): Promise<LabDownReport> {
  dir = path.resolve(dir);
  const state = readLabState(dir);
  if (!state) return { stopped: [], droppedDatabases: [], removed: [] };
  const stopped = await stopLabProcesses([...state.processes.slice().reverse(), ...unrecorded(dir, state.processes)]);
  for (const role of stopped) log(`stopped ${role}`);
  const dropped: string[] = [];
  for (const d of state.createdDatabases) {
    const admin = parseAdminUrl(d.engine === "postgres" ? "--postgres-admin-url" : "--mysql-admin-url", d.engine, d.adminUrl);
    const sql =
      d.engine === "postgres"
        ? `DROP DATABASE IF EXISTS ${pgIdent(d.database)} WITH (FORCE);\nDROP ROLE IF EXISTS ${pgIdent(d.user)};\n`
        : `DROP DATABASE IF EXISTS ${mysqlIdent(d.database)};\nDROP USER IF EXISTS ${mysqlLiteral(d.user)}@'%';\nDELETE FROM hcpbench_meta.hcp_credentials WHERE user_name = ${mysqlLiteral(d.user)};\n`;
    try {
      await runSql(admin, sql);
      dropped.push(d.database);
      log(`dropped ${d.engine} database ${d.database} and its user`);
    } catch (err) {
      log(`could not drop ${d.engine} database ${d.database}: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  const folders = new Set([...state.hcps.map((h) => h.backend), ...state.servers.map((s) => s.backend), ...state.processes.map((p) => path.relative(dir, p.log).split(path.sep)[0])]);
  const removed: string[] = [];
  for (const f of folders) {
    if (!f || f.startsWith("..") || path.isAbsolute(f)) continue;
    const p = path.join(dir, f);
    if (fs.existsSync(p)) {
      fs.rmSync(p, { recursive: true, force: true });
      removed.push(p);
    }
  }
  const kubeconfig = state.cluster?.kubeconfig;
  if (kubeconfig && path.dirname(path.resolve(kubeconfig)) === dir) fs.rmSync(kubeconfig, { force: true });
  fs.rmSync(labStatePath(dir), { force: true });
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty: it held things the lab did not make
  }
  return { stopped, droppedDatabases: dropped, removed };
}
