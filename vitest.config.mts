import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{infra,workloads,scripts,test}/**/*.test.ts"],
    // Real servers (etcd, PostgreSQL, MariaDB, NATS) are shared by suites; keep CPU use sane on 2 cores.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
