import { afterEach, describe, expect, it } from "vitest";
import { tuningProfileNames } from "../../infra/config/schema";
import { mysqlConfFragment, mysqlSettings, postgresConfFragment, postgresSettings } from "../../infra/platform/datastores/databaseSettings";
import { startMariadb, startPostgres, type SqlServer } from "../servers/realServers";

/*
 * The exact generated configuration files, loaded by real servers: PostgreSQL
 * 15 reads the fragment as part of postgresql.conf, MariaDB 10.11 as part of
 * my.cnf. A name a server does not know, or a value it refuses, stops it from
 * starting; every value must then read back as the file says.
 */
let server: SqlServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe.each(tuningProfileNames)("tuning profile %s", (profile) => {
  it("PostgreSQL 15 starts with the postgresql.conf fragment and reports every setting", async () => {
    server = await startPostgres({ configFile: postgresConfFragment(profile) });
    const settings = postgresSettings(profile);
    const shown = await server.query(settings.map((s) => `SHOW ${s.name};`).join("\n"));
    expect(shown.split("\n")).toEqual(settings.map((s) => s.readBack));
    expect(await server.query("SHOW max_connections")).toBe("2000");
  });

  it("MariaDB 10.11 starts with the my.cnf fragment and reports every setting", async () => {
    server = await startMariadb({ configFile: mysqlConfFragment(profile) });
    const settings = mysqlSettings(profile);
    const rows = await server.query(`SHOW GLOBAL VARIABLES WHERE Variable_name IN (${settings.map((s) => `'${s.name}'`).join(", ")})`);
    const shown = Object.fromEntries(rows.split("\n").map((line) => line.split("\t") as [string, string]));
    expect(shown).toEqual(Object.fromEntries(settings.map((s) => [s.name, s.readBack])));
    expect(shown.max_connections).toBe("2000");
  });
});

it("default changes max_connections and nothing else, as the original run did", () => {
  expect(postgresSettings("default").map((s) => s.name)).toEqual(["max_connections"]);
  expect(mysqlSettings("default").map((s) => s.name)).toEqual(["max_connections"]);
  expect(postgresSettings("tuned").length).toBeGreaterThan(10);
});
