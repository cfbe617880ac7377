import type { tuningProfileNames } from "../../config/schema";

export type TuningProfile = (typeof tuningProfileNames)[number];

/**
 * One server setting: the value as written in the configuration file and as
 * the server reports it back (PostgreSQL's SHOW, MySQL's SHOW VARIABLES), so
 * the real-server tests can prove each one took effect. Every `tuned` value
 * is explained in docs/database-tuning.md.
 */
export interface ServerSetting {
  readonly name: string;
  readonly value: string;
  readonly readBack: string;
}

const same = (name: string, value: string): ServerSetting => ({ name, value, readBack: value });

/**
 * The original run's only change on both engines: 2000 connections, enough for
 * 100 HCPs x 3 replicas with kine's connection pools.
 */
const maxConnections = same("max_connections", "2000");

/** PostgreSQL sized for an r6i.xlarge (4 vCPU, 32 GiB) whose container gets 26 GiB, on io2 at 5000 IOPS. */
const postgresTuned: readonly ServerSetting[] = [
  maxConnections,
  same("shared_buffers", "8GB"),
  same("effective_cache_size", "18GB"),
  same("work_mem", "4MB"),
  same("maintenance_work_mem", "1GB"),
  same("wal_buffers", "64MB"),
  same("min_wal_size", "2GB"),
  same("max_wal_size", "16GB"),
  same("checkpoint_timeout", "15min"),
  same("checkpoint_completion_target", "0.9"),
  same("random_page_cost", "1.1"),
  same("effective_io_concurrency", "200"),
  same("maintenance_io_concurrency", "200"),
  same("autovacuum_naptime", "15s"),
  same("autovacuum_vacuum_cost_limit", "2000"),
];

const gib = (n: number) => String(n * 1024 ** 3);
const mib = (n: number) => String(n * 1024 ** 2);

/**
 * MySQL 8.4 and MariaDB 10.11 alike: each name and value here is accepted by
 * both (the tests load the generated file into MariaDB; MySQL 8.4 accepts
 * innodb_log_file_size as the deprecated spelling of its redo capacity).
 */
const mysqlTuned: readonly ServerSetting[] = [
  maxConnections,
  { name: "innodb_buffer_pool_size", value: "18G", readBack: gib(18) },
  { name: "innodb_log_file_size", value: "2G", readBack: gib(2) },
  { name: "innodb_log_buffer_size", value: "64M", readBack: mib(64) },
  same("innodb_io_capacity", "2000"),
  same("innodb_io_capacity_max", "4000"),
  same("innodb_flush_method", "O_DIRECT"),
  same("innodb_flush_neighbors", "0"),
  same("table_open_cache", "4000"),
  same("thread_cache_size", "200"),
  { name: "skip_name_resolve", value: "ON", readBack: "ON" },
];

export function postgresSettings(profile: TuningProfile): readonly ServerSetting[] {
  return profile === "default" ? [maxConnections] : postgresTuned;
}

export function mysqlSettings(profile: TuningProfile): readonly ServerSetting[] {
  return profile === "default" ? [maxConnections] : mysqlTuned;
}

/** A postgresql.conf fragment: the only settings hcpbench changes from the image's defaults. */
export function postgresConfFragment(profile: TuningProfile): string {
  return [`# hcpbench tuning profile "${profile}" (docs/database-tuning.md)`, ...postgresSettings(profile).map((s) => `${s.name} = '${s.value}'`), ""].join("\n");
}

/** A my.cnf fragment, read from /etc/mysql/conf.d by the official image. */
export function mysqlConfFragment(profile: TuningProfile): string {
  return [`# hcpbench tuning profile "${profile}" (docs/database-tuning.md)`, "[mysqld]", ...mysqlSettings(profile).map((s) => `${s.name} = ${s.value}`), ""].join("\n");
}
