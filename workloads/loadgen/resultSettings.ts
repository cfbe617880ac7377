import { z } from "zod";

/**
 * The run's settings, written once: the options a profile runs with (after
 * defaults) are inferred from this schema, result.json's `settings` record is
 * derived from it, and result.schema.json's `settings` is generated from it
 * (`node bin/run-ts.js scripts/schema/writeResultSchema.ts`; a test fails when
 * the checked-in file drifts).
 */
export const resolvedSettingsSchema = z.object({
  ops: z.int().min(1),
  concurrency: z.int().min(1),
  warmup: z.int().min(0),
  watchers: z.int().min(0),
  watchWorkers: z.int().min(0),
  rate: z.number().positive().optional().describe("Open loop when set (operations per second, per HCP for mixed-*)."),
  lists: z.int().min(1),
  readFraction: z.number().min(0).max(1),
  hotFraction: z.number().positive().max(1),
  coldRate: z.number().positive().optional().describe("mixed-hot: rate of each cold (not hot) HCP; absent, the cold HCPs stay idle."),
  requestTimeoutMs: z.int().min(1),
  phaseTimeoutMs: z.int().min(1),
  namespace: z.string().min(1),
  watchStallS: z.number().positive().describe("Stall threshold for watchers, in seconds."),
});

/** Options after defaults, as a profile sees them. */
export type ResolvedSettings = Readonly<z.infer<typeof resolvedSettingsSchema>>;

/**
 * The settings as result.json records them: lists and the read/hot fractions
 * only for the profiles that use them (watchStallS is absent from results
 * written before it existed), plus the loop mode and the Kubernetes client's
 * qps/burst when set.
 */
export const resultSettingsSchema = resolvedSettingsSchema
  .partial({ lists: true, readFraction: true, hotFraction: true, watchStallS: true })
  .extend({
    mode: z.enum(["closed-loop", "open-loop"]),
    qps: z.number().positive().optional(),
    burst: z.int().min(1).optional(),
  })
  .strict();

export type ResultSettings = Readonly<z.infer<typeof resultSettingsSchema>>;

/** result.schema.json's `settings`, as draft-07 JSON Schema (what the Ajv validator reads). */
export function resultSettingsJsonSchema(): Record<string, unknown> {
  const { $schema: _draft, ...schema } = z.toJSONSchema(resultSettingsSchema, { target: "draft-7" }) as Record<string, unknown>;
  return schema;
}
