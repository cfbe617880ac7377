/**
 * Which tenant count --find-capacity tries next. Doubling from 1 (1, 2, 4,
 * ..., capped at the fleet size) until a count breaks the SLO, then
 * bisecting between the largest count that met it and the smallest that
 * broke it, until they are neighbours. Every count tried lies between the two,
 * so the answer is the largest count that met the SLO, and the search takes
 * about 2 log2(fleet) steps. A count that broke the SLO while the load
 * generator was saturated (invalid) measured the client, not the datastore:
 * it is no upper bound, and the search stops there with a lower bound.
 */
export const capacityStrategy = "double from 1 (1, 2, 4, ... up to the fleet size) until the SLO breaks, then bisect between the last count that met it and the first that broke it";

export interface TriedCount {
  readonly tenants: number;
  readonly met: boolean;
  /** The load generator was saturated at this count. */
  readonly invalid?: boolean;
}

/** The count whose SLO break the saturated client caused, if any: the search cannot go past it. */
export function clientBound(tried: readonly TriedCount[]): number | undefined {
  return tried.find((t) => !t.met && t.invalid)?.tenants;
}

function bounds(tried: readonly TriedCount[]): { pass: number; fail: number | undefined } {
  const pass = tried.filter((t) => t.met).reduce((m, t) => Math.max(m, t.tenants), 0);
  const fails = tried.filter((t) => !t.met && !t.invalid).map((t) => t.tenants);
  return { pass, fail: fails.length > 0 ? Math.min(...fails) : undefined };
}

/** The next count to try, or undefined when the search is over. */
export function nextTenantCount(tried: readonly TriedCount[], fleet: number): number | undefined {
  if (clientBound(tried) !== undefined) return undefined;
  const { pass, fail } = bounds(tried);
  if (fail === undefined) return pass >= fleet ? undefined : Math.min(fleet, pass === 0 ? 1 : pass * 2);
  return fail - pass <= 1 ? undefined : Math.floor((pass + fail) / 2);
}

/** The most tenants that met the SLO below the first count that broke it (0 when one tenant already broke it). */
export function capacityFound(tried: readonly TriedCount[]): number {
  return bounds(tried).pass;
}
