import * as fs from "node:fs";
import * as path from "node:path";
import { stopLabProcesses } from "./labProcesses";
import { labStatePath, readLabState } from "./labState";
import { parseAdminUrl, runSql } from "./storage/sqlAdmin";
import { mysqlIdent, mysqlLiteral, pgIdent } from "../../infra/platform/datastores/sqlQuoting";

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
  const state = readLabState(dir);
  if (!state) return { stopped: [], droppedDatabases: [], removed: [] };
  const stopped = await stopLabProcesses([...state.processes].reverse());
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
  fs.rmSync(labStatePath(dir), { force: true });
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty: it held things the lab did not make
  }
  return { stopped, droppedDatabases: dropped, removed };
}
