// Worker threads do not inherit the TypeScript loader: register tsx, then run the worker.
require("tsx/cjs");
require("./watchWorker.ts");
