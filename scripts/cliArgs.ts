import { InputError } from "../infra/names/inputError";

/** Commander argument parsers that reject bad flags as InputError (exit 2), naming the flag. */
export function positiveInt(flag: string, opts: { min?: number; max?: number } = {}) {
  const min = opts.min ?? 1;
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || (opts.max !== undefined && n > opts.max)) {
      const range = opts.max !== undefined ? `from ${min} to ${opts.max}` : `${min} or more`;
      throw new InputError(`${flag}: must be a whole number ${range} (got "${value}")`);
    }
    return n;
  };
}

export function intList(flag: string, opts: { min?: number; max?: number } = {}) {
  const one = positiveInt(flag, opts);
  return (value: string): number[] => value.split(",").map((v) => one(v.trim()));
}

export function oneOf<T extends string>(flag: string, allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new InputError(`${flag}: must be one of ${allowed.join(", ")} (got "${value}")`);
    return value as T;
  };
}

export function listOf<T extends string>(flag: string, allowed: readonly T[]) {
  const one = oneOf(flag, allowed);
  return (value: string): T[] => value.split(",").map((v) => one(v.trim()));
}

/** Repeatable flag: `--set a=1 --set b=2`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
