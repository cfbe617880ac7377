import { quantityOrUndefined } from "../names/quantity";

/**
 * GiB for a storage quantity ("100Gi", "512Mi", "1T", or a byte count), the
 * unit EBS bills by; EBS volumes are whole GiB, rounded up. Undefined when it
 * is not a positive quantity. Surrounding spaces are dropped as Kubernetes
 * does when it reads a quantity from JSON.
 */
export function storageGiB(quantity: unknown): number | undefined {
  const bytes = typeof quantity === "number" ? quantity : typeof quantity === "string" ? quantityOrUndefined(quantity.trim()) : undefined;
  if (bytes === undefined || !(bytes > 0)) return undefined;
  return Math.ceil(bytes / 2 ** 30);
}
