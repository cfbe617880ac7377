import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{infra,workloads,scripts,test}/**/*.test.ts"],
    // Real servers (etcd, PostgreSQL, MariaDB, NATS, kube-apiserver) are shared by suites. Many suites spend
    // their time waiting on those servers (a bookmark a minute, a compaction, a stall), so 3 workers keep
    // 2 cores busy where 2 left them idle.
    pool: "forks",
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
