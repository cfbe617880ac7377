/**
 * etcd's range end for a key prefix, on bytes as etcd keys are bytes: the
 * prefix cut after its last byte below 0xff, that byte raised by one. A prefix
 * of only 0xff bytes (or an empty one) has no such key, so the end is the
 * single zero byte, which etcd reads as "to the end of the keyspace".
 * Strings are taken as UTF-8.
 */
export function prefixEnd(prefix: string | Uint8Array): Buffer {
  const bytes = typeof prefix === "string" ? Buffer.from(prefix, "utf8") : prefix;
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] < 0xff) {
      const end = Buffer.from(bytes.subarray(0, i + 1));
      end[i]++;
      return end;
    }
  }
  return Buffer.from([0]);
}
