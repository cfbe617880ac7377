/** Kubernetes storage quantities ("100Gi", "512Mi", "1T") in GiB, the unit EBS bills by. */
const factors: Record<string, number> = {
  "": 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
};

/** GiB for a quantity; undefined when it is not a storage quantity. EBS volumes are whole GiB, rounded up. */
export function storageGiB(quantity: unknown): number | undefined {
  if (typeof quantity === "number") return Math.ceil(quantity / 2 ** 30);
  if (typeof quantity !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.exec(quantity.trim());
  if (!m) return undefined;
  return Math.ceil((Number(m[1]) * factors[m[2] ?? ""]) / 2 ** 30);
}
