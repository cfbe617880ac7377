import type { DriverSpec } from "../drivers/driverFactory";
import type { DriverSettings } from "../drivers/driverSettings";
import type { StoreDriver } from "../drivers/storeDriver";
import type { ListCheck, TargetResult, TenantsResult, WatchLagHistograms, WatchResult } from "../loadgenResult";
import type { StepRecorder } from "../measure/stepRecorder";
import type { PhaseLimits, PhaseWork } from "../schedule/phaseRunner";
import type { TokenBucket } from "../schedule/tokenBucket";
import type { ResolvedSettings } from "../resultSettings";

export type { ResolvedSettings } from "../resultSettings";

export interface ProfileContext {
  /** One driver per target, in the order given. */
  readonly drivers: readonly StoreDriver[];
  readonly specs: readonly DriverSpec[];
  readonly driverSettings: DriverSettings;
  readonly settings: ResolvedSettings;
  readonly limiter?: TokenBucket;
  readonly signal?: AbortSignal;
  log(line: string): void;
  /** A fresh phase deadline (phase timeout from now). */
  phaseLimits(): PhaseLimits;
  /** Runs a phase in the run's mode: closed loop by concurrency, or open loop at settings.rate. */
  runPhase(work: PhaseWork): Promise<void>;
  /** Measurement starts (after warm-up): server metrics are scraped and the resource sampler starts. */
  beginMeasured(drivers: readonly StoreDriver[]): Promise<void>;
  /** Measurement ends: second scrape, sampler stops. */
  endMeasured(): Promise<void>;
}

export interface ProfileOutcome {
  readonly steps: Readonly<Record<string, StepRecorder>>;
  /** Steps that make up the write_* and read_* columns. */
  readonly writeSteps: readonly string[];
  readonly readSteps: readonly string[];
  readonly watch?: WatchResult;
  /** The histograms behind `watch`'s lag, where a point may be merged from shards (fleet points). */
  readonly watchLag?: WatchLagHistograms;
  readonly list?: ListCheck;
  readonly perTarget?: readonly TargetResult[];
  /** Open loop: operations per second asked of all targets together, when not settings.rate (one target). */
  readonly offeredRate?: number;
  readonly tenants?: TenantsResult;
}

export interface Profile {
  readonly name: string;
  readonly summary: string;
  /** watchers: per HCP for the fleet profiles (whose every HCP gets its own watches). */
  readonly defaults: { readonly ops: number; readonly concurrency: number; readonly rate?: number; readonly watchers?: number };
  /** Whether the profile takes several targets (one per HCP). */
  readonly multiTarget: boolean;
  /** Settings beyond ops/concurrency/warmup that shape this profile's load, recorded with its results. */
  readonly uses: readonly ("watchers" | "lists" | "readFraction" | "hotFraction")[];
  run(ctx: ProfileContext): Promise<ProfileOutcome>;
}
