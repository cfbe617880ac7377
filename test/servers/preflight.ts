/**
 * Starts every real test server once and stops it, so CI fails early and
 * clearly when a Debian package is missing or broken (tests never skip).
 */
import { startKineOnSqlite } from "./kineServer";
import { startEtcd, startMariadb, startNats, startPostgres } from "./realServers";

async function main(): Promise<void> {
  // kine as the lab install step built it: a binary the tests cannot find fails here, not in a suite.
  for (const [name, start] of [["etcd", startEtcd], ["postgresql", startPostgres], ["mariadb", startMariadb], ["nats-server", startNats], ["kine (sqlite)", startKineOnSqlite]] as const) {
    const t0 = Date.now();
    const server = await start();
    console.log(`${name}: started on ${"endpoint" in server ? server.endpoint : `127.0.0.1:${server.port}`} in ${Date.now() - t0} ms`);
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`test server preflight failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
