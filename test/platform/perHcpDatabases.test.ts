import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { perHcpInitSql, type HcpDatabase } from "../../infra/platform/datastores/perHcpDatabases";
import { startMariadb, startPostgres, type SqlServer } from "../servers/realServers";

/*
 * The per-HCP init SQL against real PostgreSQL 15 and MariaDB 10.11: isolation
 * between HCPs, a second run that writes nothing, a password change that converges.
 * Names include a quote, a space and MySQL grant wildcards (`_`), passwords
 * quotes and a backslash, so quoting mistakes show up as failures here.
 */
const hcps: HcpDatabase[] = [
  { database: "hcp_a", user: "hcp_a", password: `pa'ss\\word"1` },
  // `hcp_a`'s grant must not reach this one through the `_` wildcard.
  { database: "hcpxa", user: "hcpxa", password: "second-Password-2" },
  { database: "hcp q'uoted", user: "hcp q'user", password: "third$Password`3" },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("per-HCP databases on PostgreSQL 15", () => {
  let pg: SqlServer;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  // xmin is the id of the transaction that last wrote a row: equal dumps with equal xmins mean nothing was written.
  const dump = () =>
    pg.query(`
      SELECT string_agg(format('db %s owner=%s acl=%s xmin=%s', datname, pg_get_userbyid(datdba), datacl, xmin), E'\\n' ORDER BY datname)
        FROM pg_database WHERE datname LIKE 'hcp%' OR datname IN ('postgres', 'template1');
      SELECT string_agg(format('role %s login=%s super=%s pw=%s xmin=%s', rolname, rolcanlogin, rolsuper, rolpassword, xmin), E'\\n' ORDER BY rolname)
        FROM pg_authid WHERE rolname LIKE 'hcp%';`);
  const as = (db: HcpDatabase, database = db.database) => ({ user: db.user, password: db.password, database });

  it("creates each HCP's database and login; each user works in its own database", async () => {
    await pg.query(perHcpInitSql("postgres", hcps));
    for (const db of hcps) {
      await pg.query("CREATE TABLE kine (id bigint PRIMARY KEY, name text); INSERT INTO kine VALUES (1, current_user);", as(db));
      expect(await pg.query("SELECT name FROM kine", as(db))).toBe(db.user);
    }
  });

  it("refuses every user on every other HCP's database and on creating roles", async () => {
    for (const db of hcps) {
      for (const other of hcps.filter((o) => o !== db)) {
        await expect(pg.query("SELECT 1", as(db, other.database))).rejects.toThrow(/permission denied for database/);
      }
      await expect(pg.query("CREATE ROLE intruder", as(db))).rejects.toThrow(/permission denied/);
    }
  });

  it("refuses every HCP's user on the maintenance databases, where the catalog lists every HCP", async () => {
    for (const db of hcps) {
      for (const maintenance of ["postgres", "template1"]) {
        await expect(pg.query("SELECT datname FROM pg_database", as(db, maintenance))).rejects.toThrow(/permission denied for database/);
      }
    }
    // The admin (a superuser) still gets in, as the exporter and Kamaji do.
    expect(await pg.query("SELECT count(*) > 0 FROM pg_database")).toBe("t");
  });

  it("keeps the plain passwords out of the SQL it sends", () => {
    const sql = perHcpInitSql("postgres", hcps);
    for (const db of hcps) expect(sql).not.toContain(db.password.replaceAll("'", "''"));
  });

  it("changes nothing when run again", async () => {
    const before = await dump();
    expect(before).toContain("db hcp_a owner=hcp_a");
    await pg.query(perHcpInitSql("postgres", hcps));
    expect(await dump()).toBe(before);
  });

  it("converges a changed password and leaves the other HCPs alone", async () => {
    const before = (await dump()).split("\n");
    const changed = hcps.map((db, i) => (i === 0 ? { ...db, password: "a-brand-new-password" } : db));
    await pg.query(perHcpInitSql("postgres", changed));
    const after = (await dump()).split("\n");
    expect(after.filter((line) => !before.includes(line)).map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual(["role hcp_a"]);
    await expect(pg.query("SELECT 1", as(hcps[0]))).rejects.toThrow(/password authentication failed/);
    expect(await pg.query("SELECT count(*) FROM kine", as(changed[0]))).toBe("1");
    expect(await pg.query("SELECT count(*) FROM kine", as(hcps[1]))).toBe("1");
  });
});

describe("per-HCP databases on MariaDB 10.11", () => {
  let maria: SqlServer;
  beforeAll(async () => {
    maria = await startMariadb();
  });
  afterAll(async () => {
    await maria?.stop();
  });

  // global_priv holds each account's hash and password_last_changed, so a re-hash of the same password shows.
  const dump = () =>
    maria.query(`
      SELECT User, Host, Priv FROM mysql.global_priv WHERE User LIKE 'hcp%' ORDER BY User;
      SELECT Db, User, Select_priv, Insert_priv, Create_priv, Drop_priv, Grant_priv FROM mysql.db WHERE User LIKE 'hcp%' ORDER BY Db, User;
      SELECT * FROM hcpbench_meta.hcp_credentials ORDER BY user_name;
      SHOW DATABASES;`);
  const as = (db: HcpDatabase, database = db.database) => ({ user: db.user, password: db.password, database });

  it("creates each HCP's database and login; each user works in its own database", async () => {
    await maria.query(perHcpInitSql("mysql", hcps));
    for (const db of hcps) {
      await maria.query("CREATE TABLE kine (id BIGINT PRIMARY KEY, name VARCHAR(64)); INSERT INTO kine VALUES (1, CURRENT_USER());", as(db));
      expect(await maria.query("SELECT count(*) FROM kine", as(db))).toBe("1");
    }
  });

  it("refuses every user on every other HCP's database, wildcard look-alikes included", async () => {
    for (const db of hcps) {
      for (const other of hcps.filter((o) => o !== db)) {
        await expect(maria.query("SELECT 1", as(db, other.database))).rejects.toThrow(/Access denied/);
        await expect(maria.query(`SELECT * FROM \`${other.database.replaceAll("`", "``")}\`.kine`, as(db))).rejects.toThrow(/denied/);
      }
      await expect(maria.query("SELECT count(*) FROM hcpbench_meta.hcp_credentials", as(db))).rejects.toThrow(/denied/);
    }
  });

  it("changes nothing when run again", async () => {
    const before = await dump();
    expect(before).toContain("hcp\\\\_a");
    // password_last_changed has one-second resolution: let a needless re-hash become visible.
    await sleep(1100);
    await maria.query(perHcpInitSql("mysql", hcps));
    expect(await dump()).toBe(before);
  });

  it("converges a changed password and leaves the other HCPs alone", async () => {
    const before = (await dump()).split("\n");
    const changed = hcps.map((db, i) => (i === 0 ? { ...db, password: "a-brand-new-password" } : db));
    await sleep(1100);
    await maria.query(perHcpInitSql("mysql", changed));
    const after = (await dump()).split("\n");
    expect(after.filter((line) => !before.includes(line)).map((l) => l.split("\t")[0])).toEqual(["hcp_a", "hcp_a"]);
    await expect(maria.query("SELECT 1", as(hcps[0]))).rejects.toThrow(/Access denied/);
    expect(await maria.query("SELECT count(*) FROM kine", as(changed[0]))).toBe("1");
    expect(await maria.query("SELECT count(*) FROM kine", as(hcps[1]))).toBe("1");
  });
});
