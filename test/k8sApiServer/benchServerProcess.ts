/**
 * Runs a benchmark server in its own process, so it does not share the
 * client's CPU time, and prints one line of JSON {"url": ...} when listening;
 * stops on SIGTERM.
 *   memory                  the test API server on the in-memory store
 *   replay EVENTS OBJECTS   the watch firehose: EVENTS per watch, cycling over OBJECTS objects
 */
import { K8sApiServer } from "./k8sApiServer";
import { MemoryKvStore } from "./memoryKvStore";
import { replayLines, startWatchReplayServer } from "../../scripts/bench/watchReplayServer";

void (async () => {
  const [mode, a, b] = process.argv.slice(2);
  const server =
    mode === "replay"
      ? await startWatchReplayServer(Number(a), replayLines(Number(b), "load-test", "x".repeat(128)))
      : await K8sApiServer.start({ store: new MemoryKvStore(), bookmarkIntervalMs: 60_000 }).then((api) => ({ url: api.url, close: () => api.stop() }));
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
})();
