/**
 * Kubernetes resource quantities, by the grammar of k8s.io/apimachinery
 * `resource.Quantity`:
 *
 *   quantity  ::= [sign] number suffix
 *   number    ::= digits | digits "." [digits] | "." digits
 *   suffix    ::= binarySI | decimalSI | ("e" | "E") [sign] digits
 *   binarySI  ::= Ki | Mi | Gi | Ti | Pi | Ei
 *   decimalSI ::= n | u | m | "" | k | M | G | T | P | E
 *
 * So "1k" is a thousand and "1K" is not a quantity; "1E" is 10^18 while
 * "1E3" is a thousand. The one parser every part of hcpbench uses: the
 * metrics sampler (CPU in millicores, memory in MiB), the report's limits and
 * the bill's volume sizes. Values are JavaScript numbers in base units (cores,
 * bytes); Kubernetes rounds up to 1n, which no caller here needs.
 */

const suffixFactors: Readonly<Record<string, number>> = {
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

// An "E" followed by a sign or digit is an exponent; a bare trailing "E" is exa.
const quantityPattern = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/** The quantity in base units (cores, bytes); throws on anything the Kubernetes grammar refuses. */
export function parseQuantity(text: string): number {
  const match = quantityPattern.exec(text);
  if (!match) throw new Error(`not a Kubernetes quantity: "${text}"`);
  const [, number, exponent, suffix] = match;
  const value = Number(number);
  if (exponent !== undefined) return value * 10 ** Number(exponent);
  return value * suffixFactors[suffix ?? ""];
}

/** The quantity, or undefined when it is not one. */
export function quantityOrUndefined(text: string): number | undefined {
  return quantityPattern.test(text) ? parseQuantity(text) : undefined;
}

export function cpuMillicores(text: string): number {
  return parseQuantity(text) * 1000;
}

export function memoryMiB(text: string): number {
  return parseQuantity(text) / 2 ** 20;
}
