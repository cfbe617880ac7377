/** Reads straight from etcd what the API server stored, to check the load generator's counts against the truth. */
export async function etcdKeys(endpoint: string, prefix: string): Promise<string[]> {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  const res = await fetch(`${endpoint}/v3/kv/range`, { method: "POST", body: JSON.stringify({ key: b64(prefix), range_end: b64(end), keys_only: true }) });
  const kvs = ((await res.json()) as { kvs?: { key: string }[] }).kvs ?? [];
  return kvs.map((kv) => Buffer.from(kv.key, "base64").toString().slice(prefix.length));
}

export async function etcdCounter(endpoint: string, name: string): Promise<number> {
  const text = await (await fetch(`${endpoint}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
}
