/**
 * Kubernetes resource quantities (`12345678n`, `250m`, `1`, `123456Ki`, `1.5Gi`, `1e3`) as the
 * metrics API reports them, converted to the units the results use: CPU in millicores and memory
 * in MiB. Throws on a string that is not a quantity, so a changed API shows up instead of zeros.
 */

const SUFFIX_FACTORS: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/** The quantity as a plain number in base units (cores, bytes). */
export function parseQuantity(text: string): number {
  const match = QUANTITY.exec(text.trim());
  if (!match) throw new Error(`not a Kubernetes quantity: "${text}"`);
  const [, number, exponent, suffix] = match;
  const value = Number(number);
  if (exponent) return value * 10 ** Number(exponent.slice(1));
  return value * SUFFIX_FACTORS[suffix ?? ""];
}

export function cpuMillicores(text: string): number {
  return parseQuantity(text) * 1000;
}

export function memoryMiB(text: string): number {
  return parseQuantity(text) / 2 ** 20;
}
