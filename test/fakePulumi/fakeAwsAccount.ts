import * as http from "node:http";

/**
 * STAND-IN for an AWS account's read-only EC2 and Service Quotas APIs (no AWS is reachable here).
 * It answers the three calls the account preflight makes, shaped as AWS's API references give them:
 * - EC2 Query API (form-encoded POST, XML answer in the 2016-11-15 namespace): DescribeAvailabilityZones
 *   (`availabilityZoneInfo/item/{zoneName,zoneId,zoneState}`) and DescribeInstanceTypeOfferings
 *   (`instanceTypeOfferingSet/item/{instanceType,locationType,location}`, filtered by `location` and `instance-type`);
 * - Service Quotas JSON 1.1 (`X-Amz-Target: ServiceQuotasV20190624.GetServiceQuota`), `{Quota: {Value}}`,
 *   or NoSuchResourceException for a quota the account has no value for.
 * Point the real SDK clients here with AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_SERVICE_QUOTAS or `endpoint`.
 */
export interface FakeAwsAccount {
  /** Zones of the region, in this account's name-to-ID mapping. */
  zones: { name: string; id: string; state?: string }[];
  /** Instance types offered per zone ID. */
  offerings: Record<string, string[]>;
  /** Applied quota values by quota code. */
  quotas: Record<string, number>;
  /** Every call, as "Action key=value&..." for EC2 and the target for Service Quotas. */
  readonly calls: string[];
}

/** us-east-1 as one account might map it (no use1-az3 among its names), every type offered everywhere, the quota far above need. */
export function defaultFakeAccount(): FakeAwsAccount {
  const all = ["c5.4xlarge", "m5.4xlarge", "r6i.xlarge", "t3.large", "m6i.4xlarge"];
  return {
    zones: [
      { name: "us-east-1a", id: "use1-az6" },
      { name: "us-east-1b", id: "use1-az1" },
      { name: "us-east-1c", id: "use1-az2" },
      { name: "us-east-1d", id: "use1-az4" },
      { name: "us-east-1f", id: "use1-az5" },
    ],
    offerings: { "use1-az6": all, "use1-az1": all, "use1-az2": all, "use1-az4": all, "use1-az5": all },
    quotas: { "L-1216C47A": 1152 },
    calls: [],
  };
}

const ec2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

/** `Filter.N.Name` / `Filter.N.Value.M` pairs of an EC2 Query request. */
function queryFilters(params: URLSearchParams): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const [k, v] of params) {
    const m = /^Filter\.(\d+)\.Name$/.exec(k);
    if (!m) continue;
    const values: string[] = [];
    for (let i = 1; params.has(`Filter.${m[1]}.Value.${i}`); i++) values.push(params.get(`Filter.${m[1]}.Value.${i}`)!);
    filters.set(v, values);
  }
  return filters;
}

/** Answers the request when it is one of the account calls; false leaves it to the caller. */
export function answerAwsAccount(account: FakeAwsAccount, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): boolean {
  const target = String(req.headers["x-amz-target"] ?? "");
  if (target.startsWith("ServiceQuotasV20190624.")) {
    account.calls.push(target);
    const input = JSON.parse(body.toString() || "{}") as { ServiceCode?: string; QuotaCode?: string };
    res.setHeader("content-type", "application/x-amz-json-1.1");
    const value = input.QuotaCode ? account.quotas[input.QuotaCode] : undefined;
    if (target.endsWith(".GetServiceQuota") && value !== undefined) {
      res.end(JSON.stringify({ Quota: { ServiceCode: input.ServiceCode, QuotaCode: input.QuotaCode, QuotaName: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", Value: value, Unit: "None", Adjustable: true, GlobalQuota: false } }));
    } else {
      res.statusCode = 400;
      res.setHeader("x-amzn-errortype", "NoSuchResourceException");
      res.end(JSON.stringify({ __type: "NoSuchResourceException", message: "The request failed because the specified resource does not exist." }));
    }
    return true;
  }
  if (req.method !== "POST" || !String(req.headers["content-type"] ?? "").includes("x-www-form-urlencoded")) return false;
  const params = new URLSearchParams(body.toString());
  const action = params.get("Action");
  if (action !== "DescribeAvailabilityZones" && action !== "DescribeInstanceTypeOfferings") return false;
  account.calls.push(`${action} ${[...params].filter(([k]) => k !== "Action" && k !== "Version").map(([k, v]) => `${k}=${v}`).join("&")}`);
  const filters = queryFilters(params);
  res.setHeader("content-type", "text/xml;charset=UTF-8");
  if (action === "DescribeAvailabilityZones") {
    const items = account.zones
      .map(
        (z) =>
          `<item><optInStatus>opt-in-not-required</optInStatus><zoneName>${z.name}</zoneName><zoneId>${z.id}</zoneId><zoneState>${z.state ?? "available"}</zoneState>` +
          `<regionName>${z.name.slice(0, -1)}</regionName><groupName>${z.name.slice(0, -1)}</groupName><networkBorderGroup>${z.name.slice(0, -1)}</networkBorderGroup><zoneType>availability-zone</zoneType><messageSet/></item>`,
      )
      .join("");
    res.end(`<?xml version="1.0" encoding="UTF-8"?><DescribeAvailabilityZonesResponse xmlns="${ec2Namespace}"><requestId>00000000-0000-0000-0000-000000000001</requestId><availabilityZoneInfo>${items}</availabilityZoneInfo></DescribeAvailabilityZonesResponse>`);
    return true;
  }
  const locationType = params.get("LocationType") ?? "region";
  const locations = filters.get("location") ?? Object.keys(account.offerings);
  const types = filters.get("instance-type");
  const items = locationType === "availability-zone-id"
    ? locations.flatMap((loc) => (account.offerings[loc] ?? []).filter((t) => !types || types.includes(t)).map((t) => `<item><instanceType>${t}</instanceType><locationType>availability-zone-id</locationType><location>${loc}</location></item>`))
    : [];
  res.end(`<?xml version="1.0" encoding="UTF-8"?><DescribeInstanceTypeOfferingsResponse xmlns="${ec2Namespace}"><requestId>00000000-0000-0000-0000-000000000002</requestId><instanceTypeOfferingSet>${items.join("")}</instanceTypeOfferingSet></DescribeInstanceTypeOfferingsResponse>`);
  return true;
}

/** The stand-in on its own loopback port, for tests that need only the account. */
export async function startFakeAwsAccount(account: FakeAwsAccount = defaultFakeAccount()): Promise<{ url: string; account: FakeAwsAccount; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (!answerAwsAccount(account, req, Buffer.concat(chunks), res)) {
        res.statusCode = 404;
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, account, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
